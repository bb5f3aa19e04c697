"""pcplan: person-centred planning for pupils with special educational needs."""

__version__ = "0.1.0"
