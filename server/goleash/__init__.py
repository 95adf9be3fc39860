"""goleash: finds goroutine leaks in Go code, explains them and fixes them."""

__version__ = "0.1.0"
