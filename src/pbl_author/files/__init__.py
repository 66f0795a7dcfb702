"""Reading and writing files safely: atomic writes, bounded text reads, safe YAML."""
