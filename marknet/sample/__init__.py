"""The deterministic sample-data generator and the real GIs it draws on."""
