module example.com/withmain

go 1.19
