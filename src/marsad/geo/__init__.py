"""Places: the gazetteer, its import from Who's On First / GeoNames files, and disambiguation."""
