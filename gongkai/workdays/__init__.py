"""The statutory working-day calendar (法定节假日与调休) and working-day arithmetic for deadlines."""
