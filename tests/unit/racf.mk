# Check tests of the RACF simulator.
