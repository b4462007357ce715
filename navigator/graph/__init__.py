"""The checked catalogue as graphs: RDF, the network, SHACL, serialising and SPARQL."""
