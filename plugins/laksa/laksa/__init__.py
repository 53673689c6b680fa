"""LAKSA: citizen complaints routed to the city departments and tracked to resolution."""
