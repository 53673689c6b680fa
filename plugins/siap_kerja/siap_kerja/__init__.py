"""SIAP Kerja: jobs from verified employers, applications and the AK/1 card."""
