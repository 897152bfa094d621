# Prints the first ```LANG block under the heading line HEADING of a README, so that the tests
# run the README's own commands and files:
#   awk -v heading='## Install' -v lang=sh -f readme-block.awk README.md
inside && $0 == "```" { found = 1; exit }
inside { print; next }
$0 == heading { under = 1; next }
under && /^#/ { exit }
under && $0 == "```" lang { inside = 1 }
END { if (!found) { print "no ```" lang " block under " heading > "/dev/stderr"; exit 1 } }
