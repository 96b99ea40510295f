"""Care plans, tasks, appointments and monitoring: a care manager's week with a client."""
