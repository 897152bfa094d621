module example.invalid/userhash/go

go 1.21
