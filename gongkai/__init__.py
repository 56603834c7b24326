"""Gongkai (公开): the information-disclosure platform for Chinese government bodies."""
