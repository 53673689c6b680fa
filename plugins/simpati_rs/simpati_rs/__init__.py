"""Simpati RS: doctor schedules, online polyclinic queue numbers, a live queue board and free beds."""
