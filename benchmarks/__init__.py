"""kg's benchmarks (``make bench``): speed, memory and store figures, never timed tests."""
