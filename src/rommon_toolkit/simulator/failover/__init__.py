"""Active/standby failover between two virtual ASAs of one process (`rommon sim pair`)."""
