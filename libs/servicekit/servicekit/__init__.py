"""Framework code every QSRP service uses. It never imports a service."""
