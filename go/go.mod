module userhash

go 1.19
