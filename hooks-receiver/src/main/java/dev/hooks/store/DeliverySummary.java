package dev.hooks.store;

/**
 * A delivery as a listing shows it, read without its bodies and headers: {@code row} has every summary field, empty
 * headers and bodies and no verification document (the decrypted body is kept: listings show it), and
 * {@code bodyBytes} is the length of the body left behind.
 */
public record DeliverySummary(StoredDelivery row, int bodyBytes) {}
