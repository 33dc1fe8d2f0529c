"""pyserial URL handlers of the simulator (`sim://`); see `simulator.register_url_handler`."""
