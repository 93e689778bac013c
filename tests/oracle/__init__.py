"""Runtime oracle: runs fixtures under real TensorFlow and reports what went wrong, by line."""
