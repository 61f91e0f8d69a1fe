/**
 * hooks in JUnit 5 tests: {@link dev.hooks.junit.HooksExtension} starts a real webhook receiver
 * ({@link dev.hooks.junit.HooksReceiver}) per test, configured by {@link dev.hooks.junit.Receive}, that verifies,
 * decrypts and fails on request as the provider's own receivers would; {@link dev.hooks.junit.HooksAssertions} adds
 * AssertJ assertions on what it received.
 */
package dev.hooks.junit;
