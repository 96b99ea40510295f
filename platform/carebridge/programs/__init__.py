"""Agency programs and clients' enrolments in them (FHIR EpisodeOfCare), a built-in plugin."""
