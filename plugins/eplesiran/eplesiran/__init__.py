"""E-Plesiran: attractions and facilities of Kota Tangerang on a map, with directions."""
