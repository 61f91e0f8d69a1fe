package dev.hooks.check;

/** A check the provider's profile rules out, and why (the profile has no handshake, signs no timestamp, ...). */
public record NotApplicable(Check check, String why) {}
