module goleash.invalid/realistic

go 1.19

require go.uber.org/goleak v1.2.0

replace go.uber.org/goleak => /usr/share/gocode/src/go.uber.org/goleak
