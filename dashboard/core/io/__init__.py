"""Reading and writing files the user brings (event exports), kept apart from the geometry code."""
