# Models of this app come with its capability (see the issues).
