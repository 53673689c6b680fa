"""Simpati RS: doctor schedules, polyclinic queue numbers, a live queue board, free beds."""
