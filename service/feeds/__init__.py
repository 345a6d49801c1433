"""Calendar feeds: each person's and each agency's open deadlines as a secret iCal URL."""
