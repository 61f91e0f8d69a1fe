package dev.hooks.send;

import dev.hooks.scheme.Profile;
import java.time.Duration;
import java.util.List;

/**
 * A provider's retry behaviour from its profile ({@code delivery}): the delays before each attempt, what counts as
 * success, the statuses that stop retrying, and how many consecutive failed deliveries mark the subscription failed.
 * {@code timeScale} compresses the schedule for tests and demos: 0.001 turns an hour into 3.6 seconds.
 */
public record RetryPolicy(List<Duration> schedule, List<Integer> stopOn, int failureLimit, boolean retry,
                          double timeScale) {

    public RetryPolicy {
        schedule = List.copyOf(schedule);
        stopOn = List.copyOf(stopOn);
        if (schedule.isEmpty()) {
            throw new IllegalArgumentException("a schedule has at least the first attempt");
        }
        if (!(timeScale >= 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("time scale must be a number >= 0");
        }
    }

    public static RetryPolicy of(Profile.DeliverySpec spec, boolean retry, double timeScale) {
        return new RetryPolicy(spec.schedule(), spec.stopOn(), spec.failureLimit(), retry, timeScale);
    }

    /** Attempts per delivery: the schedule's length with retries, else one. */
    public int maxAttempts() {
        return retry ? schedule.size() : 1;
    }

    public static boolean success(int status) {
        return status >= 200 && status <= 299;
    }

    public boolean stops(int status) {
        return stopOn.contains(status);
    }

    /** The wait before attempt {@code attempt} (1-based) as the provider schedules it. */
    public Duration scheduled(int attempt) {
        return schedule.get(attempt - 1);
    }

    /** The same wait compressed by the time scale. */
    public Duration scaled(int attempt) {
        Duration d = scheduled(attempt);
        if (timeScale == 1.0) {
            return d;
        }
        return Duration.ofNanos(Math.round(d.toNanos() * timeScale));
    }
}
