"""People: the custom user model, sign-up and sign-in through django-allauth, and their profile."""
