# fish completion for hooks, generated from the command model: do not edit.
# Regenerate with: mvn -B -q -DskipTests package   (or: hooks completion fish)
# Install: hooks completion fish > ~/.config/fish/completions/hooks.fish

# The command path being completed ("", "providers", "providers show", ...).
function __hooks_path
    set -l known 'listen' 'send' 'handshake' 'check' 'emulate' 'trigger' 'events' 'events list' 'events show' 'events replay' 'events export' 'events wait' 'events stats' 'events copy' 'events prune' 'scenario' 'scenario record' 'scenario play' 'scenario import' 'scenario show' 'sign' 'verify' 'validate' 'encrypt' 'decrypt' 'keygen' 'providers' 'providers show' 'providers import' 'samples' 'samples show' 'completion' 'shell'
    set -l path ''
    for t in (commandline -opc)[2..-1]
        set -l next (string trim -- "$path $t")
        if contains -- $next $known
            set path $next
        end
    end
    echo $path
end

function __hooks_at
    test (__hooks_path) = "$argv[1]"
end

complete -c hooks -e

# hooks
complete -c hooks -n '__hooks_at \'\'' -f -a 'listen' -d 'Receive webhooks locally: answer the provider\'s handshake, verify every delivery over the raw bytes, decrypt, record it in the history before answering, and print one line per delivery.'
complete -c hooks -n '__hooks_at \'\'' -f -a 'send' -d 'Act as the provider: render a sample event with fresh ids and times and deliver it exactly as the provider does (envelope, headers, signature, encryption, authentication), optionally with its retry schedule, or many at once as a load test.'
complete -c hooks -n '__hooks_at \'\'' -f -a 'handshake' -d 'Act as the provider\'s URL verification: Paismo\'s challenge POST, the ASP.NET echo GET (keypay, paycor), Slack\'s url_verification, Zoom\'s endpoint.url_validation.'
complete -c hooks -n '__hooks_at \'\'' -f -a 'check' -d 'Judge a running receiver the way its provider and an attacker would: every sample event correctly made, the URL handshake, forged, unsigned, tampered, stale and future-dated deliveries, bodies a re-serialiser would change, a redelivery, wrong credentials, undecryptable bodies, and the answer times against the provider\'s timeout.'
complete -c hooks -n '__hooks_at \'\'' -f -a 'emulate' -d 'Run the provider\'s side locally: its webhook management API (register, list, pause, verify, delivery log, retry, Get Event) on loopback, with state in the history (an SQLite file or a PostgreSQL database), delivering events to the registered URLs exactly as \'hooks send\' does.'
complete -c hooks -n '__hooks_at \'\'' -f -a 'trigger' -d 'Make one event in a running \'hooks emulate\' and fan it out to every subscription, applying filters, pause, the lifecycle and the retry schedule; print one line per subscription reached: delivered, failed, retrying, abandoned, filtered, paused, pending_verification or disabled.'
complete -c hooks -n '__hooks_at \'\'' -f -a 'events' -d 'Read the history \'hooks listen\' records: every request, valid or not, with its raw bytes, headers, verification result and the answer given.'
complete -c hooks -n '__hooks_at \'\'' -f -a 'scenario' -d 'Turn recorded deliveries into a repeatable test: record them from the history into a scenario file (JSON, no secrets), play it to a receiver re-signed with fresh timestamps and ids (event ids kept), in order or with the faults real providers make, import captures made elsewhere, show one.'
complete -c hooks -n '__hooks_at \'\'' -f -a 'sign' -d 'Sign a payload as the provider would and print the headers it sends with it.'
complete -c hooks -n '__hooks_at \'\'' -f -a 'verify' -d 'Verify a payload\'s signature as a receiver would, over the exact bytes.'
complete -c hooks -n '__hooks_at \'\'' -f -a 'validate' -d 'Check a body against the JSON Schema of its event, as listen does on receipt.'
complete -c hooks -n '__hooks_at \'\'' -f -a 'encrypt' -d 'Encrypt a payload with AES-256-GCM as Teal does: 12-byte IV, 128-bit tag appended, body = base64(ciphertext||tag).'
complete -c hooks -n '__hooks_at \'\'' -f -a 'decrypt' -d 'Decrypt an AES-256-GCM body (base64(ciphertext||tag), as Teal sends it) and print the plaintext exactly.'
complete -c hooks -n '__hooks_at \'\'' -f -a 'keygen' -d 'Print a fresh random secret or key.'
complete -c hooks -n '__hooks_at \'\'' -f -a 'providers' -d 'List the provider profiles: built-in, then the user\'s (~/.config/hooks/providers), then --providers-dir.'
complete -c hooks -n '__hooks_at \'\'' -f -a 'samples' -d 'List the sample events that \'hooks send\' can deliver, per provider.'
complete -c hooks -n '__hooks_at \'\'' -f -a 'completion' -d 'Print the shell completion script for bash, zsh or fish: commands, options, provider and event names.'
complete -c hooks -n '__hooks_at \'\'' -f -a 'shell' -d 'An interactive shell over the hooks commands, with TAB completion of commands, options, provider and event names, and history in $XDG_STATE_HOME/hooks/shell_history (secret values are never written to it).'
complete -c hooks -n '__hooks_at \'\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'\'' -s h -l help -d 'Show this help message and exit.'
complete -c hooks -n '__hooks_at \'\'' -s V -l version -d 'Print version information and exit.'
complete -c hooks -n '__hooks_at \'\'' -f

# hooks listen
complete -c hooks -n '__hooks_at \'listen\'' -l host -r -f -d 'Interface to bind.'
complete -c hooks -n '__hooks_at \'listen\'' -l allow-host -r -f -d 'Also accept this name in the Host header of inspector requests (besides 127.0.0.1, localhost and [::1]); repeatable.'
complete -c hooks -n '__hooks_at \'listen\'' -l no-inspector -d 'Serve no inspector: only the webhook paths answer.'
complete -c hooks -n '__hooks_at \'listen\'' -l port -r -f -d 'TCP port; 0 picks a free one.'
complete -c hooks -n '__hooks_at \'listen\'' -l path -r -f -d 'The main path.'
complete -c hooks -n '__hooks_at \'listen\'' -s p -l provider -r -f -a 'auto paismo paxos teal keypay paycor standard-webhooks svix stripe github shopify slack zoom' -d 'Provider to serve (repeat for several), or \'auto\' to recognise any known provider from its headers.'
complete -c hooks -n '__hooks_at \'listen\'' -l secret -r -f -d 'Signing secret, for provider P when prefixed with its name (repeat for several).'
complete -c hooks -n '__hooks_at \'listen\'' -l secret-env -r -f -d 'Read a secret from this environment variable.'
complete -c hooks -n '__hooks_at \'listen\'' -l secret-file -r -f -d 'Read a secret from this file (one trailing newline ignored).'
complete -c hooks -n '__hooks_at \'listen\'' -l encryption-key -r -f -d 'AES-256 key, base64 of 32 bytes (default: $HOOKS_ENCRYPTION_KEY).'
complete -c hooks -n '__hooks_at \'listen\'' -l providers-dir -r -F -d 'Also load provider profiles (*.json) from DIR; they override built-in and user profiles of the same name.'
complete -c hooks -n '__hooks_at \'listen\'' -l api-key-header -r -f -d 'Header that must carry the API key (default: the provider\'s, e.g.'
complete -c hooks -n '__hooks_at \'listen\'' -l api-key -r -f -d 'Require this API key (default: $HOOKS_API_KEY).'
complete -c hooks -n '__hooks_at \'listen\'' -l oauth-client-id -r -f -d 'Serve POST /oauth/token for this client (client credentials, Basic or form auth) and require the Bearer token it issues.'
complete -c hooks -n '__hooks_at \'listen\'' -l oauth-client-secret -r -f -d 'The client\'s secret (default: $HOOKS_OAUTH_CLIENT_SECRET).'
complete -c hooks -n '__hooks_at \'listen\'' -l oauth-client-secret-env -r -f -d 'Read the client secret from this environment variable.'
complete -c hooks -n '__hooks_at \'listen\'' -l oauth-token-lifetime -r -f -d 'How long issued tokens last.'
complete -c hooks -n '__hooks_at \'listen\'' -l no-verify -d 'Accept every delivery; still report what verification would say.'
complete -c hooks -n '__hooks_at \'listen\'' -l schema-strict -d 'Answer 400 with the errors when a verified delivery breaks its event\'s JSON Schema (by default it is reported and answered as usual).'
complete -c hooks -n '__hooks_at \'listen\'' -l tolerance -r -f -d 'How far a signed timestamp may be from now (default: the provider\'s).'
complete -c hooks -n '__hooks_at \'listen\'' -l no-tolerance -d 'Do not check the age of signed timestamps.'
complete -c hooks -n '__hooks_at \'listen\'' -l format -r -f -a 'text json' -d 'text (one line per delivery) or json (one JSON object per line).'
complete -c hooks -n '__hooks_at \'listen\'' -s v -l verbose -d 'Also show headers and the body as received (json: headers, body, verification).'
complete -c hooks -n '__hooks_at \'listen\'' -l pretty -d 'With -v, pretty-print JSON bodies (labelled so) instead of showing the bytes as received.'
complete -c hooks -n '__hooks_at \'listen\'' -l status -r -f -d 'Status to answer accepted deliveries.'
complete -c hooks -n '__hooks_at \'listen\'' -l fail-first -r -f -d 'Answer the first N accepted deliveries with --fail-status.'
complete -c hooks -n '__hooks_at \'listen\'' -l fail-rate -r -f -d 'Answer this fraction (0-1) of accepted deliveries with --fail-status.'
complete -c hooks -n '__hooks_at \'listen\'' -l fail-status -r -f -d 'Status of simulated failures.'
complete -c hooks -n '__hooks_at \'listen\'' -l delay -r -f -d 'Wait this long before answering each delivery (e.g.'
complete -c hooks -n '__hooks_at \'listen\'' -l forward-to -r -f -d 'Relay accepted deliveries (exact bytes and headers) to your app and answer the provider with its status and body.'
complete -c hooks -n '__hooks_at \'listen\'' -l forward-timeout -r -f -d 'How long to wait for the app.'
complete -c hooks -n '__hooks_at \'listen\'' -l store -r -F -d 'History: an SQLite file, or a PostgreSQL database postgresql://[user@]host[:port]/db (default: $HOOKS_STORE, else $XDG_STATE_HOME/hooks/history.db, else ~/.local/state/hooks/history.db).'
complete -c hooks -n '__hooks_at \'listen\'' -l store-password-env -r -f -d 'The environment variable holding the PostgreSQL password (default: PGPASSWORD, then ~/.pgpass).'
complete -c hooks -n '__hooks_at \'listen\'' -l no-store -d 'Do not record deliveries.'
complete -c hooks -n '__hooks_at \'listen\'' -l name -r -f -d 'This listener\'s name, recorded with each delivery in a shared (PostgreSQL) history.'
complete -c hooks -n '__hooks_at \'listen\'' -l retain -r -f -d 'Keep the history within an age (7d, 12h, 30m) or a count (10000, the newest): older deliveries are pruned at start and every 10 s, in the background.'
complete -c hooks -n '__hooks_at \'listen\'' -l max-body -r -f -d 'Largest body accepted (413 above): bytes, or with k/KiB, m/MiB.'
complete -c hooks -n '__hooks_at \'listen\'' -l idle-timeout -r -f -d 'Close a connection silent this long, and cut a request whose headers or body take longer (408).'
complete -c hooks -n '__hooks_at \'listen\'' -l tunnel -r -f -d 'Make a public URL: an SSH reverse port forward to HOST (any OpenSSH server allowing remote forwarding, or an SSH tunnel service), or a Cloudflare quick tunnel (cloudflared on the PATH).'
complete -c hooks -n '__hooks_at \'listen\'' -l tunnel-identity -r -f -d 'Private key for the SSH tunnel (repeat to try several), after the SSH agent\'s keys ($SSH_AUTH_SOCK).'
complete -c hooks -n '__hooks_at \'listen\'' -l tunnel-accept-new -d 'Accept an SSH host not yet in ~/.ssh/known_hosts: print its fingerprint and add it.'
complete -c hooks -n '__hooks_at \'listen\'' -l tunnel-port -r -f -d 'The port the SSH server listens on for the tunnel.'
complete -c hooks -n '__hooks_at \'listen\'' -l public-url -r -f -d 'The public URL deliveries come through, for a tunnel or proxy you run (ngrok, Tailscale Funnel, frp, a reverse proxy): printed per path, and signed over by schemes that sign the URL.'
complete -c hooks -n '__hooks_at \'listen\'' -l public-port -r -f -d 'Put the tunnel entry on this port of 127.0.0.1 (default: a free one each run), so the tunnel you run stays pointed at it across restarts.'
complete -c hooks -n '__hooks_at \'listen\'' -l events -r -f -d 'Accept only these event types (comma-separated, repeatable): a delivery of another type is answered 2xx, shown as filtered and not verified.'
complete -c hooks -n '__hooks_at \'listen\'' -l new-secret -d 'Make a fresh random secret (whsec_...) for every provider served without one, and print it at start (and as "secret" in the ready line), as \'stripe listen\' does: sign with it.'
complete -c hooks -n '__hooks_at \'listen\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'listen\'' -s h -l help -d 'Show this help message and exit.'

# hooks send
complete -c hooks -n '__hooks_at \'send\'' -s p -l provider -r -f -a 'paismo paxos teal keypay paycor standard-webhooks svix stripe github shopify slack zoom' -d 'Provider profile (default: the one whose samples have EVENT, when only one has).'
complete -c hooks -n '__hooks_at \'send\'' -l to -r -f -d 'The receiver\'s URL (required, except by \'events replay\').'
complete -c hooks -n '__hooks_at \'send\'' -l secret -r -f -d 'The signing secret (prefer --secret-env or --secret-file: command lines are visible to other users).'
complete -c hooks -n '__hooks_at \'send\'' -l secret-env -r -f -d 'Read the secret from this environment variable.'
complete -c hooks -n '__hooks_at \'send\'' -l secret-file -r -F -d 'Read the secret from this file (one trailing newline is ignored).'
complete -c hooks -n '__hooks_at \'send\'' -l providers-dir -r -F -d 'Also load provider profiles (*.json) from DIR; they override built-in and user profiles of the same name.'
complete -c hooks -n '__hooks_at \'send\'' -l timeout -r -f -d 'Give up on a request after this long (connect, then the whole answer), e.g.'
complete -c hooks -n '__hooks_at \'send\'' -s k -l insecure -d 'Do not check TLS certificates or host names of https URLs (self-signed test servers).'
complete -c hooks -n '__hooks_at \'send\'' -l encryption-key -r -f -d 'AES-256 key, base64 of 32 bytes (default: $HOOKS_ENCRYPTION_KEY).'
complete -c hooks -n '__hooks_at \'send\'' -l api-key-header -r -f -d 'Header that carries the API key (default: the provider\'s, e.g.'
complete -c hooks -n '__hooks_at \'send\'' -l api-key -r -f -d 'Send this API key (default: $HOOKS_API_KEY).'
complete -c hooks -n '__hooks_at \'send\'' -l oauth-token-url -r -f -d 'Get a Bearer token here with OAuth 2 client credentials before delivering (cached for the run).'
complete -c hooks -n '__hooks_at \'send\'' -l oauth-client-id -r -f -d 'OAuth 2 client id.'
complete -c hooks -n '__hooks_at \'send\'' -l oauth-client-secret -r -f -d 'OAuth 2 client secret (default: $HOOKS_OAUTH_CLIENT_SECRET).'
complete -c hooks -n '__hooks_at \'send\'' -l oauth-scope -r -f -d 'OAuth 2 scope to ask for, if the endpoint needs one.'
complete -c hooks -n '__hooks_at \'send\'' -l set -r -f -d 'Edit the envelope before signing: a dotted path and a JSON value or plain text (data.status=CLOSED, Notifications.0.EmployeeId=42).'
complete -c hooks -n '__hooks_at \'send\'' -l data-file -r -F -d 'Replace the envelope\'s data part with this JSON file.'
complete -c hooks -n '__hooks_at \'send\'' -l body-file -r -F -d 'Send this file\'s bytes as the body exactly as they are (no envelope, no edits); still signed.'
complete -c hooks -n '__hooks_at \'send\'' -l no-payload -d 'Leave out the optional payload, as a subscription with include_payload off receives it (teal).'
complete -c hooks -n '__hooks_at \'send\'' -l samples-dir -r -F -d 'Also read samples from DIR/<provider>/<event>.json (default: ~/.config/hooks/samples when it exists).'
complete -c hooks -n '__hooks_at \'send\'' -l retry -d 'On a non-2xx answer or a network error, retry on the provider\'s schedule (see \'hooks providers show P\'); statuses the provider stops on (410) end the retries.'
complete -c hooks -n '__hooks_at \'send\'' -l time-scale -r -f -d 'Multiply the retry schedule\'s waits by F: 0.001 turns an hour into 3.6 s.'
complete -c hooks -n '__hooks_at \'send\'' -s n -l count -r -f -d 'Send N deliveries, each freshly rendered and signed (default 1, or as many as --duration allows).'
complete -c hooks -n '__hooks_at \'send\'' -s c -l concurrency -r -f -d 'Deliveries in flight at once.'
complete -c hooks -n '__hooks_at \'send\'' -l rate -r -f -d 'Start at most R deliveries per second (100, 100/s, 600/m).'
complete -c hooks -n '__hooks_at \'send\'' -l duration -r -f -d 'Stop starting deliveries after this long (30s, 5m).'
complete -c hooks -n '__hooks_at \'send\'' -l format -r -f -a 'text json' -d 'text, or json: one JSON object per attempt (and a summary object for --count/--duration).'
complete -c hooks -n '__hooks_at \'send\'' -s v -l verbose -d 'Show every request in full (headers and body) and the answer\'s headers and body.'
complete -c hooks -n '__hooks_at \'send\'' -l no-progress -d 'No progress bar during --count runs, even on a terminal.'
complete -c hooks -n '__hooks_at \'send\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'send\'' -s h -l help -d 'Show this help message and exit.'
complete -c hooks -n '__hooks_at \'send\'' -f -a 'employee.created employee.updated employee.terminated payroll.period.created payroll.created payroll.approved payroll.updated payroll.closed identity.documents_required identity.approved identity.denied identity.disabled identity.kyc_refresh.started identity.kyc_refresh.completed identity.kyc_refresh.expired orchestration.processing orchestration.completed orchestration.failed transfer.crypto_deposit.pending transfer.crypto_deposit.completed transfer.crypto_deposit.failed transfer.crypto_withdrawal.pending transfer.crypto_withdrawal.completed transfer.crypto_withdrawal.failed user-payroll-submitted EmployeeCreated EmployeeUpdated EmployeeTerminated PayRunInitialised PayRunFinalised PayRunDeleted LeaveRequestCreated LeaveRequestUpdated LeaveRequestApproved LeaveRequestDeclined LeaveRequestCancelled BankAccountUpdated BankAccountDeleted EmployeeRecurringDeductionUpdated EmployeeRecurringDeductionDeleted Employee.Add Employee.Update Employee.Terminate Employee.Rehire PayRate.Update PayRun.Complete TimeOffRequest.Approve payroll.completed invoice.paid payslip.published payment_intent.succeeded customer.subscription.updated ping push pull_request orders/create customers/create app_mention url_verification meeting.started endpoint.url_validation' -d 'EVENT'

# hooks handshake
complete -c hooks -n '__hooks_at \'handshake\'' -s p -l provider -r -f -a 'paismo paxos teal keypay paycor standard-webhooks svix stripe github shopify slack zoom' -d 'Provider profile whose handshake to make: paismo, paxos, teal, keypay, paycor, standard-webhooks, svix, stripe, github, shopify, slack, zoom or a user profile.'
complete -c hooks -n '__hooks_at \'handshake\'' -l to -r -f -d 'The receiver\'s URL (required, except by \'events replay\').'
complete -c hooks -n '__hooks_at \'handshake\'' -l secret -r -f -d 'The signing secret (prefer --secret-env or --secret-file: command lines are visible to other users).'
complete -c hooks -n '__hooks_at \'handshake\'' -l secret-env -r -f -d 'Read the secret from this environment variable.'
complete -c hooks -n '__hooks_at \'handshake\'' -l secret-file -r -F -d 'Read the secret from this file (one trailing newline is ignored).'
complete -c hooks -n '__hooks_at \'handshake\'' -l providers-dir -r -F -d 'Also load provider profiles (*.json) from DIR; they override built-in and user profiles of the same name.'
complete -c hooks -n '__hooks_at \'handshake\'' -l timeout -r -f -d 'Give up on a request after this long (connect, then the whole answer), e.g.'
complete -c hooks -n '__hooks_at \'handshake\'' -s k -l insecure -d 'Do not check TLS certificates or host names of https URLs (self-signed test servers).'
complete -c hooks -n '__hooks_at \'handshake\'' -l format -r -f -a 'text json' -d 'text or json (one object: provider, kind, url, passed, skipped, reason, notes, status, latency_ms).'
complete -c hooks -n '__hooks_at \'handshake\'' -s v -l verbose -d 'Show the request and the answer in full.'
complete -c hooks -n '__hooks_at \'handshake\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'handshake\'' -s h -l help -d 'Show this help message and exit.'

# hooks check
complete -c hooks -n '__hooks_at \'check\'' -s p -l provider -r -f -a 'paismo paxos teal keypay paycor standard-webhooks svix stripe github shopify slack zoom' -d 'Provider profile whose deliveries to make.'
complete -c hooks -n '__hooks_at \'check\'' -l to -r -f -d 'The receiver\'s URL (required, except by \'events replay\').'
complete -c hooks -n '__hooks_at \'check\'' -l secret -r -f -d 'The signing secret (prefer --secret-env or --secret-file: command lines are visible to other users).'
complete -c hooks -n '__hooks_at \'check\'' -l secret-env -r -f -d 'Read the secret from this environment variable.'
complete -c hooks -n '__hooks_at \'check\'' -l secret-file -r -F -d 'Read the secret from this file (one trailing newline is ignored).'
complete -c hooks -n '__hooks_at \'check\'' -l providers-dir -r -F -d 'Also load provider profiles (*.json) from DIR; they override built-in and user profiles of the same name.'
complete -c hooks -n '__hooks_at \'check\'' -l timeout -r -f -d 'Give up on a request after this long (connect, then the whole answer), e.g.'
complete -c hooks -n '__hooks_at \'check\'' -s k -l insecure -d 'Do not check TLS certificates or host names of https URLs (self-signed test servers).'
complete -c hooks -n '__hooks_at \'check\'' -l encryption-key -r -f -d 'AES-256 key, base64 of 32 bytes (default: $HOOKS_ENCRYPTION_KEY).'
complete -c hooks -n '__hooks_at \'check\'' -l api-key-header -r -f -d 'Header that carries the API key (default: the provider\'s, e.g.'
complete -c hooks -n '__hooks_at \'check\'' -l api-key -r -f -d 'Send this API key (default: $HOOKS_API_KEY).'
complete -c hooks -n '__hooks_at \'check\'' -l oauth-token-url -r -f -d 'Get a Bearer token here with OAuth 2 client credentials before delivering (cached for the run).'
complete -c hooks -n '__hooks_at \'check\'' -l oauth-client-id -r -f -d 'OAuth 2 client id.'
complete -c hooks -n '__hooks_at \'check\'' -l oauth-client-secret -r -f -d 'OAuth 2 client secret (default: $HOOKS_OAUTH_CLIENT_SECRET).'
complete -c hooks -n '__hooks_at \'check\'' -l oauth-scope -r -f -d 'OAuth 2 scope to ask for, if the endpoint needs one.'
complete -c hooks -n '__hooks_at \'check\'' -l samples-dir -r -F -d 'Also read samples from DIR/<provider>/<event>.json (default: ~/.config/hooks/samples when it exists).'
complete -c hooks -n '__hooks_at \'check\'' -l format -r -f -a 'text json junit' -d 'text; json: one object per check ({check, outcome, reason, requests}); junit: a JUnit XML report, one test case per check.'
complete -c hooks -n '__hooks_at \'check\'' -l skip -r -f -d 'Do not run these checks (comma-separated or repeated): handshake, valid, duplicate, raw-body, bad-signature, missing-signature, tampered-body, wrong-secret, stale-timestamp, future-timestamp, auth, encryption, latency.'
complete -c hooks -n '__hooks_at \'check\'' -s v -l verbose -d 'Under each check, a line per request it made: what it was, the method and URL, what was expected and what came back.'
complete -c hooks -n '__hooks_at \'check\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'check\'' -s h -l help -d 'Show this help message and exit.'

# hooks emulate
complete -c hooks -n '__hooks_at \'emulate\'' -s p -l provider -r -f -a 'paismo paxos teal keypay paycor standard-webhooks svix stripe github shopify slack zoom' -d 'A provider to emulate (paismo, teal, paycor, paxos, keypay); repeat for several, each then under /P/.'
complete -c hooks -n '__hooks_at \'emulate\'' -l port -r -f -d 'TCP port on 127.0.0.1; 0 picks a free one.'
complete -c hooks -n '__hooks_at \'emulate\'' -l api-key -r -f -d 'The key the API accepts (default: $HOOKS_EMULATOR_API_KEY, else a fresh one, printed at start).'
complete -c hooks -n '__hooks_at \'emulate\'' -l time-scale -r -f -d 'Multiply the retry schedule\'s waits by F: 0.001 turns an hour into 3.6 s.'
complete -c hooks -n '__hooks_at \'emulate\'' -l store -r -F -d 'History: an SQLite file, or a PostgreSQL database postgresql://[user@]host[:port]/db (default: $HOOKS_STORE, else $XDG_STATE_HOME/hooks/history.db, else ~/.local/state/hooks/history.db).'
complete -c hooks -n '__hooks_at \'emulate\'' -l store-password-env -r -f -d 'The environment variable holding the PostgreSQL password (default: PGPASSWORD, then ~/.pgpass).'
complete -c hooks -n '__hooks_at \'emulate\'' -l samples-dir -r -F -d 'Also read sample events from DIR/<provider>/<event>.json (default: ~/.config/hooks/samples).'
complete -c hooks -n '__hooks_at \'emulate\'' -l providers-dir -r -F -d 'Also load provider profiles (*.json) from DIR; they override built-in and user profiles of the same name.'
complete -c hooks -n '__hooks_at \'emulate\'' -l format -r -f -a 'text json' -d 'text, or json: one {"type":"ready", ...} line with the URLs.'
complete -c hooks -n '__hooks_at \'emulate\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'emulate\'' -s h -l help -d 'Show this help message and exit.'

# hooks trigger
complete -c hooks -n '__hooks_at \'trigger\'' -l emulator -r -f -d 'The emulator\'s base URL (printed by \'hooks emulate\').'
complete -c hooks -n '__hooks_at \'trigger\'' -s p -l provider -r -f -a 'paismo paxos teal keypay paycor standard-webhooks svix stripe github shopify slack zoom' -d 'The provider, where the emulator serves several whose events share the name.'
complete -c hooks -n '__hooks_at \'trigger\'' -l set -r -f -d 'Edit the event before it is sent: a dotted path and a JSON value or plain text (data.status=CLOSED).'
complete -c hooks -n '__hooks_at \'trigger\'' -l data-file -r -F -d 'Replace the event\'s data part with this JSON file.'
complete -c hooks -n '__hooks_at \'trigger\'' -l wait -r -f -d 'How long to wait for deliveries to end; those still retrying are reported so.'
complete -c hooks -n '__hooks_at \'trigger\'' -l format -r -f -a 'text json' -d 'text, or json: the emulator\'s answer as one document.'
complete -c hooks -n '__hooks_at \'trigger\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'trigger\'' -s h -l help -d 'Show this help message and exit.'
complete -c hooks -n '__hooks_at \'trigger\'' -f -a 'employee.created employee.updated employee.terminated payroll.period.created payroll.created payroll.approved payroll.updated payroll.closed identity.documents_required identity.approved identity.denied identity.disabled identity.kyc_refresh.started identity.kyc_refresh.completed identity.kyc_refresh.expired orchestration.processing orchestration.completed orchestration.failed transfer.crypto_deposit.pending transfer.crypto_deposit.completed transfer.crypto_deposit.failed transfer.crypto_withdrawal.pending transfer.crypto_withdrawal.completed transfer.crypto_withdrawal.failed user-payroll-submitted EmployeeCreated EmployeeUpdated EmployeeTerminated PayRunInitialised PayRunFinalised PayRunDeleted LeaveRequestCreated LeaveRequestUpdated LeaveRequestApproved LeaveRequestDeclined LeaveRequestCancelled BankAccountUpdated BankAccountDeleted EmployeeRecurringDeductionUpdated EmployeeRecurringDeductionDeleted Employee.Add Employee.Update Employee.Terminate Employee.Rehire PayRate.Update PayRun.Complete TimeOffRequest.Approve payroll.completed invoice.paid payslip.published payment_intent.succeeded customer.subscription.updated ping push pull_request orders/create customers/create app_mention url_verification meeting.started endpoint.url_validation' -d 'EVENT'

# hooks events
complete -c hooks -n '__hooks_at \'events\'' -f -a 'list' -d 'List recorded requests, newest first: one line each (or one JSON object per line).'
complete -c hooks -n '__hooks_at \'events\'' -f -a 'show' -d 'Show one recorded request in full: headers, the body as received (or pretty-printed with --pretty), verification, answer.'
complete -c hooks -n '__hooks_at \'events\'' -f -a 'replay' -d 'Send a recorded request again, as recorded (same method, headers and bytes) or re-signed with a fresh id and timestamp (--resign), and record the replay in the history.'
complete -c hooks -n '__hooks_at \'events\'' -f -a 'export' -d 'Write every recorded request, oldest first, one full JSON object per line (headers, body as text or body_base64, verification, answer).'
complete -c hooks -n '__hooks_at \'events\'' -f -a 'wait' -d 'Block until N matching deliveries are in the history \'hooks listen\' records, then print them: for CI scripts that make an app send and need to know it did.'
complete -c hooks -n '__hooks_at \'events\'' -f -a 'stats' -d 'What the history holds: recorded requests, the oldest and newest, how many per provider and per verdict (valid, invalid, unsigned), and its size on disk.'
complete -c hooks -n '__hooks_at \'events\'' -f -a 'copy' -d 'Copy a history into another: an SQLite file into a PostgreSQL database (a laptop\'s deliveries into the team\'s) or back.'
complete -c hooks -n '__hooks_at \'events\'' -f -a 'prune' -d 'Remove the oldest recorded requests once: those received more than --older-than ago, or all but the newest --keep.'
complete -c hooks -n '__hooks_at \'events\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'events\'' -s h -l help -d 'Show this help message and exit.'
complete -c hooks -n '__hooks_at \'events\'' -f

# hooks events list
complete -c hooks -n '__hooks_at \'events list\'' -l store -r -F -d 'History: an SQLite file, or a PostgreSQL database postgresql://[user@]host[:port]/db (default: $HOOKS_STORE, else $XDG_STATE_HOME/hooks/history.db, else ~/.local/state/hooks/history.db).'
complete -c hooks -n '__hooks_at \'events list\'' -l store-password-env -r -f -d 'The environment variable holding the PostgreSQL password (default: PGPASSWORD, then ~/.pgpass).'
complete -c hooks -n '__hooks_at \'events list\'' -s p -l provider -r -f -a 'paismo paxos teal keypay paycor standard-webhooks svix stripe github shopify slack zoom' -d 'Only this provider\'s requests.'
complete -c hooks -n '__hooks_at \'events list\'' -l event-type -r -f -d 'Only this event type.'
complete -c hooks -n '__hooks_at \'events list\'' -l kind -r -f -d 'Only delivery, handshake, oauth or replay.'
complete -c hooks -n '__hooks_at \'events list\'' -l valid -d 'Only requests whose signature or credentials checked out and whose body was accepted.'
complete -c hooks -n '__hooks_at \'events list\'' -l invalid -d 'Only requests refused: a signature or credentials that did not check out, or a body that could not be decrypted or read (400).'
complete -c hooks -n '__hooks_at \'events list\'' -s n -l limit -r -f -d 'At most N (0: all).'
complete -c hooks -n '__hooks_at \'events list\'' -l format -r -f -a 'text json' -d 'text or json (one object per line).'
complete -c hooks -n '__hooks_at \'events list\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'events list\'' -s h -l help -d 'Show this help message and exit.'

# hooks events show
complete -c hooks -n '__hooks_at \'events show\'' -l store -r -F -d 'History: an SQLite file, or a PostgreSQL database postgresql://[user@]host[:port]/db (default: $HOOKS_STORE, else $XDG_STATE_HOME/hooks/history.db, else ~/.local/state/hooks/history.db).'
complete -c hooks -n '__hooks_at \'events show\'' -l store-password-env -r -f -d 'The environment variable holding the PostgreSQL password (default: PGPASSWORD, then ~/.pgpass).'
complete -c hooks -n '__hooks_at \'events show\'' -l format -r -f -a 'text json' -d 'text or json.'
complete -c hooks -n '__hooks_at \'events show\'' -l pretty -d 'Pretty-print JSON bodies (labelled so).'
complete -c hooks -n '__hooks_at \'events show\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'events show\'' -s h -l help -d 'Show this help message and exit.'

# hooks events replay
complete -c hooks -n '__hooks_at \'events replay\'' -l resign -d 'Sign it afresh as the provider would now: fresh ids and timestamp in the body where the profile names them (envelope.fresh) and in the headers, new signature (needs the secret).'
complete -c hooks -n '__hooks_at \'events replay\'' -s p -l provider -r -f -a 'paismo paxos teal keypay paycor standard-webhooks svix stripe github shopify slack zoom' -d 'Re-sign as this provider (default: the provider recorded with the request).'
complete -c hooks -n '__hooks_at \'events replay\'' -l store -r -F -d 'History: an SQLite file, or a PostgreSQL database postgresql://[user@]host[:port]/db (default: $HOOKS_STORE, else $XDG_STATE_HOME/hooks/history.db, else ~/.local/state/hooks/history.db).'
complete -c hooks -n '__hooks_at \'events replay\'' -l store-password-env -r -f -d 'The environment variable holding the PostgreSQL password (default: PGPASSWORD, then ~/.pgpass).'
complete -c hooks -n '__hooks_at \'events replay\'' -l to -r -f -d 'The receiver\'s URL (required, except by \'events replay\').'
complete -c hooks -n '__hooks_at \'events replay\'' -l secret -r -f -d 'The signing secret (prefer --secret-env or --secret-file: command lines are visible to other users).'
complete -c hooks -n '__hooks_at \'events replay\'' -l secret-env -r -f -d 'Read the secret from this environment variable.'
complete -c hooks -n '__hooks_at \'events replay\'' -l secret-file -r -F -d 'Read the secret from this file (one trailing newline is ignored).'
complete -c hooks -n '__hooks_at \'events replay\'' -l providers-dir -r -F -d 'Also load provider profiles (*.json) from DIR; they override built-in and user profiles of the same name.'
complete -c hooks -n '__hooks_at \'events replay\'' -l timeout -r -f -d 'Give up on a request after this long (connect, then the whole answer), e.g.'
complete -c hooks -n '__hooks_at \'events replay\'' -s k -l insecure -d 'Do not check TLS certificates or host names of https URLs (self-signed test servers).'
complete -c hooks -n '__hooks_at \'events replay\'' -l format -r -f -a 'text json' -d 'text or json (one object: id, replay_of, url, status, latency_ms, error).'
complete -c hooks -n '__hooks_at \'events replay\'' -s v -l verbose -d 'Show the request sent and the answer in full.'
complete -c hooks -n '__hooks_at \'events replay\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'events replay\'' -s h -l help -d 'Show this help message and exit.'

# hooks events export
complete -c hooks -n '__hooks_at \'events export\'' -l store -r -F -d 'History: an SQLite file, or a PostgreSQL database postgresql://[user@]host[:port]/db (default: $HOOKS_STORE, else $XDG_STATE_HOME/hooks/history.db, else ~/.local/state/hooks/history.db).'
complete -c hooks -n '__hooks_at \'events export\'' -l store-password-env -r -f -d 'The environment variable holding the PostgreSQL password (default: PGPASSWORD, then ~/.pgpass).'
complete -c hooks -n '__hooks_at \'events export\'' -s p -l provider -r -f -a 'paismo paxos teal keypay paycor standard-webhooks svix stripe github shopify slack zoom' -d 'Only this provider\'s requests.'
complete -c hooks -n '__hooks_at \'events export\'' -l event-type -r -f -d 'Only this event type.'
complete -c hooks -n '__hooks_at \'events export\'' -l kind -r -f -d 'Only delivery, handshake, oauth or replay.'
complete -c hooks -n '__hooks_at \'events export\'' -l valid -d 'Only requests whose signature or credentials checked out and whose body was accepted.'
complete -c hooks -n '__hooks_at \'events export\'' -l invalid -d 'Only requests refused: a signature or credentials that did not check out, or a body that could not be decrypted or read (400).'
complete -c hooks -n '__hooks_at \'events export\'' -l format -r -f -a 'jsonl' -d 'jsonl.'
complete -c hooks -n '__hooks_at \'events export\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'events export\'' -s h -l help -d 'Show this help message and exit.'

# hooks events wait
complete -c hooks -n '__hooks_at \'events wait\'' -l store -r -F -d 'History: an SQLite file, or a PostgreSQL database postgresql://[user@]host[:port]/db (default: $HOOKS_STORE, else $XDG_STATE_HOME/hooks/history.db, else ~/.local/state/hooks/history.db).'
complete -c hooks -n '__hooks_at \'events wait\'' -l store-password-env -r -f -d 'The environment variable holding the PostgreSQL password (default: PGPASSWORD, then ~/.pgpass).'
complete -c hooks -n '__hooks_at \'events wait\'' -s n -l count -r -f -d 'How many matching deliveries to wait for.'
complete -c hooks -n '__hooks_at \'events wait\'' -s p -l provider -r -f -a 'paismo paxos teal keypay paycor standard-webhooks svix stripe github shopify slack zoom' -d 'Only this provider\'s deliveries.'
complete -c hooks -n '__hooks_at \'events wait\'' -l event-type -r -f -d 'Only this event type.'
complete -c hooks -n '__hooks_at \'events wait\'' -l valid -d 'Only deliveries whose signature or credentials checked out.'
complete -c hooks -n '__hooks_at \'events wait\'' -l since -r -f -d 'Only deliveries received from TIME on: an instant (2026-03-01T09:30:00Z), a duration ago (10m), or now.'
complete -c hooks -n '__hooks_at \'events wait\'' -l timeout -r -f -d 'Give up after this long (30s, 5m; 0 looks once).'
complete -c hooks -n '__hooks_at \'events wait\'' -l format -r -f -a 'text json' -d 'text (one line per delivery), or json: one document {matched, rejected, ...}.'
complete -c hooks -n '__hooks_at \'events wait\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'events wait\'' -s h -l help -d 'Show this help message and exit.'

# hooks events stats
complete -c hooks -n '__hooks_at \'events stats\'' -l store -r -F -d 'History: an SQLite file, or a PostgreSQL database postgresql://[user@]host[:port]/db (default: $HOOKS_STORE, else $XDG_STATE_HOME/hooks/history.db, else ~/.local/state/hooks/history.db).'
complete -c hooks -n '__hooks_at \'events stats\'' -l store-password-env -r -f -d 'The environment variable holding the PostgreSQL password (default: PGPASSWORD, then ~/.pgpass).'
complete -c hooks -n '__hooks_at \'events stats\'' -l format -r -f -a 'text json' -d 'text or json.'
complete -c hooks -n '__hooks_at \'events stats\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'events stats\'' -s h -l help -d 'Show this help message and exit.'

# hooks events copy
complete -c hooks -n '__hooks_at \'events copy\'' -l from -r -F -d 'The history to copy: an SQLite file or a postgresql:// URL.'
complete -c hooks -n '__hooks_at \'events copy\'' -l to -r -F -d 'The history to copy into, created when missing: an SQLite file or a postgresql:// URL.'
complete -c hooks -n '__hooks_at \'events copy\'' -l from-password-env -r -f -d 'The environment variable holding --from\'s PostgreSQL password (default: PGPASSWORD, then ~/.pgpass).'
complete -c hooks -n '__hooks_at \'events copy\'' -l to-password-env -r -f -d 'The environment variable holding --to\'s PostgreSQL password (default: PGPASSWORD, then ~/.pgpass).'
complete -c hooks -n '__hooks_at \'events copy\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'events copy\'' -s h -l help -d 'Show this help message and exit.'

# hooks events prune
complete -c hooks -n '__hooks_at \'events prune\'' -l store -r -F -d 'History: an SQLite file, or a PostgreSQL database postgresql://[user@]host[:port]/db (default: $HOOKS_STORE, else $XDG_STATE_HOME/hooks/history.db, else ~/.local/state/hooks/history.db).'
complete -c hooks -n '__hooks_at \'events prune\'' -l store-password-env -r -f -d 'The environment variable holding the PostgreSQL password (default: PGPASSWORD, then ~/.pgpass).'
complete -c hooks -n '__hooks_at \'events prune\'' -l older-than -r -f -d 'Remove what was received longer ago than this (e.g.'
complete -c hooks -n '__hooks_at \'events prune\'' -l keep -r -f -d 'Keep the newest N; remove the rest.'
complete -c hooks -n '__hooks_at \'events prune\'' -l vacuum -d 'Also return the free space to the file system (SQLite incremental vacuum; the first time on a history made by an older hooks, a full VACUUM that holds the file while it rewrites it).'
complete -c hooks -n '__hooks_at \'events prune\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'events prune\'' -s h -l help -d 'Show this help message and exit.'

# hooks scenario
complete -c hooks -n '__hooks_at \'scenario\'' -f -a 'record' -d 'Write deliveries from the history to a scenario file, oldest first: bodies byte for byte (Teal\'s decrypted plaintext, marked encrypted), headers without signatures, credentials, per-attempt ids or timestamps, and each delivery\'s time after the first.'
complete -c hooks -n '__hooks_at \'scenario\'' -f -a 'play' -d 'Deliver a scenario to a receiver, each delivery made again as its provider makes it: the recorded body byte for byte (an encrypted provider\'s plaintext encrypted again under --encryption-key), re-signed with the secret given, fresh signature timestamps and per-attempt ids, the event ids kept (a duplicate is a real redelivery), and the provider\'s authentication.'
complete -c hooks -n '__hooks_at \'scenario\'' -f -a 'import' -d 'Turn captures made elsewhere into a scenario: jsonl (the lines of \'hooks events export\' or \'hooks listen --format json --verbose\'), stripe (Stripe event objects, one, an array or a list, as the API and \'stripe events\' print them; played oldest first), har (the POST requests of a HAR file from a browser, ngrok or mitmproxy).'
complete -c hooks -n '__hooks_at \'scenario\'' -f -a 'show' -d 'Print a scenario: one line per delivery (time after the first, provider, event type, event id, method, path, body size).'
complete -c hooks -n '__hooks_at \'scenario\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'scenario\'' -s h -l help -d 'Show this help message and exit.'
complete -c hooks -n '__hooks_at \'scenario\'' -f

# hooks scenario record
complete -c hooks -n '__hooks_at \'scenario record\'' -s o -l output -r -F -d 'The scenario file to write.'
complete -c hooks -n '__hooks_at \'scenario record\'' -l store -r -F -d 'History: an SQLite file, or a PostgreSQL database postgresql://[user@]host[:port]/db (default: $HOOKS_STORE, else $XDG_STATE_HOME/hooks/history.db, else ~/.local/state/hooks/history.db).'
complete -c hooks -n '__hooks_at \'scenario record\'' -l store-password-env -r -f -d 'The environment variable holding the PostgreSQL password (default: PGPASSWORD, then ~/.pgpass).'
complete -c hooks -n '__hooks_at \'scenario record\'' -l providers-dir -r -F -d 'Also load provider profiles (*.json) from DIR; they override built-in and user profiles of the same name.'
complete -c hooks -n '__hooks_at \'scenario record\'' -s p -l provider -r -f -a 'paismo paxos teal keypay paycor standard-webhooks svix stripe github shopify slack zoom' -d 'Only this provider\'s deliveries (repeat for several).'
complete -c hooks -n '__hooks_at \'scenario record\'' -l event-type -r -f -d 'Only this event type (repeat for several).'
complete -c hooks -n '__hooks_at \'scenario record\'' -l since -r -f -d 'Only deliveries received from TIME on: an instant (2026-03-01T09:30:00Z), a duration ago (10m), or now.'
complete -c hooks -n '__hooks_at \'scenario record\'' -l last -r -f -d 'Only the last N deliveries that match.'
complete -c hooks -n '__hooks_at \'scenario record\'' -l valid -d 'Only deliveries whose signature or credentials checked out.'
complete -c hooks -n '__hooks_at \'scenario record\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'scenario record\'' -s h -l help -d 'Show this help message and exit.'

# hooks scenario play
complete -c hooks -n '__hooks_at \'scenario play\'' -l to -r -f -d 'Where to deliver: one URL for every delivery, or P=URL for provider P\'s (repeat).'
complete -c hooks -n '__hooks_at \'scenario play\'' -l secret -r -f -d 'Signing secret, for provider P when prefixed with its name (repeat for several).'
complete -c hooks -n '__hooks_at \'scenario play\'' -l secret-env -r -f -d 'Read a secret from this environment variable.'
complete -c hooks -n '__hooks_at \'scenario play\'' -l secret-file -r -f -d 'Read a secret from this file (one trailing newline ignored).'
complete -c hooks -n '__hooks_at \'scenario play\'' -l encryption-key -r -f -d 'AES-256 key, base64 of 32 bytes (default: $HOOKS_ENCRYPTION_KEY).'
complete -c hooks -n '__hooks_at \'scenario play\'' -l api-key-header -r -f -d 'Header that carries the API key (default: the provider\'s, e.g.'
complete -c hooks -n '__hooks_at \'scenario play\'' -l api-key -r -f -d 'Send this API key (default: $HOOKS_API_KEY).'
complete -c hooks -n '__hooks_at \'scenario play\'' -l oauth-token-url -r -f -d 'Get a Bearer token here with OAuth 2 client credentials before delivering (cached for the run).'
complete -c hooks -n '__hooks_at \'scenario play\'' -l oauth-client-id -r -f -d 'OAuth 2 client id.'
complete -c hooks -n '__hooks_at \'scenario play\'' -l oauth-client-secret -r -f -d 'OAuth 2 client secret (default: $HOOKS_OAUTH_CLIENT_SECRET).'
complete -c hooks -n '__hooks_at \'scenario play\'' -l oauth-scope -r -f -d 'OAuth 2 scope to ask for, if the endpoint needs one.'
complete -c hooks -n '__hooks_at \'scenario play\'' -l providers-dir -r -F -d 'Also load provider profiles (*.json) from DIR; they override built-in and user profiles of the same name.'
complete -c hooks -n '__hooks_at \'scenario play\'' -l timeout -r -f -d 'Give up on a request after this long (connect, then the whole answer), e.g.'
complete -c hooks -n '__hooks_at \'scenario play\'' -s k -l insecure -d 'Do not check TLS certificates or host names of https URLs (self-signed test servers).'
complete -c hooks -n '__hooks_at \'scenario play\'' -l time-scale -r -f -d '0 sends with no waits; 1 keeps the recorded gaps; 0.1 compresses them tenfold.'
complete -c hooks -n '__hooks_at \'scenario play\'' -l shuffle -r -f -d 'Deliver in a random order, the same for the same SEED (printed, so a failing order can be repeated).'
complete -c hooks -n '__hooks_at \'scenario play\'' -l seed -r -f -d 'The seed of every random choice (--shuffle, --duplicate, --jitter), to repeat a run.'
complete -c hooks -n '__hooks_at \'scenario play\'' -l reverse -d 'Deliver newest first.'
complete -c hooks -n '__hooks_at \'scenario play\'' -l duplicate -r -f -d 'Send each delivery again with this probability (0-1), at once or later in the run, with the same event id.'
complete -c hooks -n '__hooks_at \'scenario play\'' -l jitter -r -f -d 'Hold each delivery a further random time up to this long (250ms, 2s), which may reorder them.'
complete -c hooks -n '__hooks_at \'scenario play\'' -s c -l concurrency -r -f -d 'Deliveries in flight at once.'
complete -c hooks -n '__hooks_at \'scenario play\'' -l format -r -f -a 'text json junit' -d 'text (one line per delivery), json (one object per delivery), or junit (a JUnit XML report, one test case per delivery).'
complete -c hooks -n '__hooks_at \'scenario play\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'scenario play\'' -s h -l help -d 'Show this help message and exit.'

# hooks scenario import
complete -c hooks -n '__hooks_at \'scenario import\'' -s o -l output -r -F -d 'The scenario file to write.'
complete -c hooks -n '__hooks_at \'scenario import\'' -l from -r -f -a 'jsonl stripe har' -d 'jsonl, stripe or har.'
complete -c hooks -n '__hooks_at \'scenario import\'' -l providers-dir -r -F -d 'Also load provider profiles (*.json) from DIR; they override built-in and user profiles of the same name.'
complete -c hooks -n '__hooks_at \'scenario import\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'scenario import\'' -s h -l help -d 'Show this help message and exit.'

# hooks scenario show
complete -c hooks -n '__hooks_at \'scenario show\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'scenario show\'' -s h -l help -d 'Show this help message and exit.'

# hooks sign
complete -c hooks -n '__hooks_at \'sign\'' -s p -l provider -r -f -a 'paismo paxos teal keypay paycor standard-webhooks svix stripe github shopify slack zoom' -d 'Provider profile: paismo, paxos, teal, keypay, paycor, standard-webhooks, svix, stripe, github, shopify, slack, zoom or a user profile.'
complete -c hooks -n '__hooks_at \'sign\'' -l secret -r -f -d 'The signing secret (prefer --secret-env or --secret-file: command lines are visible to other users).'
complete -c hooks -n '__hooks_at \'sign\'' -l secret-env -r -f -d 'Read the secret from this environment variable.'
complete -c hooks -n '__hooks_at \'sign\'' -l secret-file -r -F -d 'Read the secret from this file (one trailing newline is ignored).'
complete -c hooks -n '__hooks_at \'sign\'' -l providers-dir -r -F -d 'Also load provider profiles (*.json) from DIR; they override built-in and user profiles of the same name.'
complete -c hooks -n '__hooks_at \'sign\'' -l id -r -f -d 'Delivery id for schemes that sign or send one (default: fresh).'
complete -c hooks -n '__hooks_at \'sign\'' -l timestamp -r -f -d 'Signing time (default: now).'
complete -c hooks -n '__hooks_at \'sign\'' -l url -r -f -d 'The receiving URL, for schemes that sign it.'
complete -c hooks -n '__hooks_at \'sign\'' -l format -r -f -a 'headers value json' -d 'headers (one \'Name: value\' line each), value (the signature header\'s value), or json.'
complete -c hooks -n '__hooks_at \'sign\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'sign\'' -s h -l help -d 'Show this help message and exit.'

# hooks verify
complete -c hooks -n '__hooks_at \'verify\'' -s p -l provider -r -f -a 'paismo paxos teal keypay paycor standard-webhooks svix stripe github shopify slack zoom' -d 'Provider profile: paismo, paxos, teal, keypay, paycor, standard-webhooks, svix, stripe, github, shopify, slack, zoom or a user profile.'
complete -c hooks -n '__hooks_at \'verify\'' -l secret -r -f -d 'The signing secret (prefer --secret-env or --secret-file: command lines are visible to other users).'
complete -c hooks -n '__hooks_at \'verify\'' -l secret-env -r -f -d 'Read the secret from this environment variable.'
complete -c hooks -n '__hooks_at \'verify\'' -l secret-file -r -F -d 'Read the secret from this file (one trailing newline is ignored).'
complete -c hooks -n '__hooks_at \'verify\'' -l providers-dir -r -F -d 'Also load provider profiles (*.json) from DIR; they override built-in and user profiles of the same name.'
complete -c hooks -n '__hooks_at \'verify\'' -l signature -r -f -d 'The signature header\'s value.'
complete -c hooks -n '__hooks_at \'verify\'' -s H -l header -r -f -d 'A received header; repeat for several.'
complete -c hooks -n '__hooks_at \'verify\'' -l id -r -f -d 'The delivery id, for schemes that sign it (instead of -H).'
complete -c hooks -n '__hooks_at \'verify\'' -l timestamp -r -f -d 'The delivery timestamp as sent (instead of -H).'
complete -c hooks -n '__hooks_at \'verify\'' -l url -r -f -d 'The receiving URL, for schemes that sign it.'
complete -c hooks -n '__hooks_at \'verify\'' -l tolerance -r -f -d 'How far the timestamp may be from now (300, 300s, 5m); default: the provider\'s.'
complete -c hooks -n '__hooks_at \'verify\'' -l no-tolerance -d 'Do not check the timestamp\'s age.'
complete -c hooks -n '__hooks_at \'verify\'' -l now -r -f -d 'Judge the timestamp as if it were this time.'
complete -c hooks -n '__hooks_at \'verify\'' -l format -r -f -a 'text json' -d 'text or json.'
complete -c hooks -n '__hooks_at \'verify\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'verify\'' -s h -l help -d 'Show this help message and exit.'

# hooks validate
complete -c hooks -n '__hooks_at \'validate\'' -s p -l provider -r -f -a 'paismo paxos teal keypay paycor standard-webhooks svix stripe github shopify slack zoom' -d 'Provider profile: paismo, paxos, teal, keypay, paycor, standard-webhooks, svix, stripe, github, shopify, slack, zoom or a user profile.'
complete -c hooks -n '__hooks_at \'validate\'' -s t -l event-type -r -f -d 'The event type, where the body does not name it (GitHub names it in a header).'
complete -c hooks -n '__hooks_at \'validate\'' -l providers-dir -r -F -d 'Also load provider profiles (*.json) from DIR; they override built-in and user profiles of the same name.'
complete -c hooks -n '__hooks_at \'validate\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'validate\'' -s h -l help -d 'Show this help message and exit.'

# hooks encrypt
complete -c hooks -n '__hooks_at \'encrypt\'' -l encryption-key -r -f -d 'AES-256 key, base64 of 32 bytes (default: $HOOKS_ENCRYPTION_KEY).'
complete -c hooks -n '__hooks_at \'encrypt\'' -l iv -r -f -d 'Use this IV (base64) instead of a fresh random one: for tests only.'
complete -c hooks -n '__hooks_at \'encrypt\'' -l format -r -f -a 'json body' -d 'json ({"iv", "body"}) or body (the encrypted body alone, no newline).'
complete -c hooks -n '__hooks_at \'encrypt\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'encrypt\'' -s h -l help -d 'Show this help message and exit.'

# hooks decrypt
complete -c hooks -n '__hooks_at \'decrypt\'' -l encryption-key -r -f -d 'AES-256 key, base64 of 32 bytes (default: $HOOKS_ENCRYPTION_KEY).'
complete -c hooks -n '__hooks_at \'decrypt\'' -l iv -r -f -d 'The IV sent with the body (X-Teal-Encryption-IV).'
complete -c hooks -n '__hooks_at \'decrypt\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'decrypt\'' -s h -l help -d 'Show this help message and exit.'

# hooks keygen
complete -c hooks -n '__hooks_at \'keygen\'' -l type -r -f -a 'secret aes whsec ed25519' -d 'secret, aes, whsec or ed25519.'
complete -c hooks -n '__hooks_at \'keygen\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'keygen\'' -s h -l help -d 'Show this help message and exit.'

# hooks providers
complete -c hooks -n '__hooks_at \'providers\'' -f -a 'show' -d 'Show one provider profile: headers, algorithms, handshake, retries, events.'
complete -c hooks -n '__hooks_at \'providers\'' -f -a 'import' -d 'Write a provider profile from an OpenAPI 3.1 document\'s webhooks or an AsyncAPI 2.6 or 3.0 document: its events, a JSON Schema per event ($refs resolved) and a sample per event (the spec\'s example, or one made from the schema).'
complete -c hooks -n '__hooks_at \'providers\'' -l providers-dir -r -F -d 'Also load provider profiles (*.json) from DIR; they override built-in and user profiles of the same name.'
complete -c hooks -n '__hooks_at \'providers\'' -l format -r -f -a 'text json' -d 'text or json.'
complete -c hooks -n '__hooks_at \'providers\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'providers\'' -s h -l help -d 'Show this help message and exit.'
complete -c hooks -n '__hooks_at \'providers\'' -f

# hooks providers show
complete -c hooks -n '__hooks_at \'providers show\'' -l providers-dir -r -F -d 'Also load provider profiles (*.json) from DIR; they override built-in and user profiles of the same name.'
complete -c hooks -n '__hooks_at \'providers show\'' -l format -r -f -a 'text json' -d 'text or json.'
complete -c hooks -n '__hooks_at \'providers show\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'providers show\'' -s h -l help -d 'Show this help message and exit.'
complete -c hooks -n '__hooks_at \'providers show\'' -f -a 'paismo paxos teal keypay paycor standard-webhooks svix stripe github shopify slack zoom' -d 'NAME'

# hooks providers import
complete -c hooks -n '__hooks_at \'providers import\'' -s o -l output -r -F -d 'Where to write DIR/NAME.json, DIR/schemas/NAME/ and the samples in DIR/NAME/.'
complete -c hooks -n '__hooks_at \'providers import\'' -l name -r -f -d 'The provider\'s name (default: from the spec\'s title).'
complete -c hooks -n '__hooks_at \'providers import\'' -l scheme -r -f -d 'The built-in provider whose signature, ids and timestamps to use.'
complete -c hooks -n '__hooks_at \'providers import\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'providers import\'' -s h -l help -d 'Show this help message and exit.'

# hooks samples
complete -c hooks -n '__hooks_at \'samples\'' -f -a 'show' -d 'Print a freshly rendered sample envelope (new ids and timestamps on every use), as the provider serialises it.'
complete -c hooks -n '__hooks_at \'samples\'' -s p -l provider -r -f -a 'paismo paxos teal keypay paycor standard-webhooks svix stripe github shopify slack zoom' -d 'Only this provider\'s events.'
complete -c hooks -n '__hooks_at \'samples\'' -l providers-dir -r -F -d 'Also load provider profiles (*.json) from DIR; they override built-in and user profiles of the same name.'
complete -c hooks -n '__hooks_at \'samples\'' -l samples-dir -r -F -d 'Also read sample events from DIR/<provider>/<event>.json (default: ~/.config/hooks/samples).'
complete -c hooks -n '__hooks_at \'samples\'' -l format -r -f -a 'text json' -d 'text or json.'
complete -c hooks -n '__hooks_at \'samples\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'samples\'' -s h -l help -d 'Show this help message and exit.'
complete -c hooks -n '__hooks_at \'samples\'' -f

# hooks samples show
complete -c hooks -n '__hooks_at \'samples show\'' -s p -l provider -r -f -a 'paismo paxos teal keypay paycor standard-webhooks svix stripe github shopify slack zoom' -d 'Provider (inferred from the event name when only one provider has it).'
complete -c hooks -n '__hooks_at \'samples show\'' -l set -r -f -d 'Edit a field before printing, e.g.'
complete -c hooks -n '__hooks_at \'samples show\'' -l providers-dir -r -F -d 'Also load provider profiles (*.json) from DIR; they override built-in and user profiles of the same name.'
complete -c hooks -n '__hooks_at \'samples show\'' -l samples-dir -r -F -d 'Also read sample events from DIR/<provider>/<event>.json (default: ~/.config/hooks/samples).'
complete -c hooks -n '__hooks_at \'samples show\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'samples show\'' -s h -l help -d 'Show this help message and exit.'
complete -c hooks -n '__hooks_at \'samples show\'' -f -a 'employee.created employee.updated employee.terminated payroll.period.created payroll.created payroll.approved payroll.updated payroll.closed identity.documents_required identity.approved identity.denied identity.disabled identity.kyc_refresh.started identity.kyc_refresh.completed identity.kyc_refresh.expired orchestration.processing orchestration.completed orchestration.failed transfer.crypto_deposit.pending transfer.crypto_deposit.completed transfer.crypto_deposit.failed transfer.crypto_withdrawal.pending transfer.crypto_withdrawal.completed transfer.crypto_withdrawal.failed user-payroll-submitted EmployeeCreated EmployeeUpdated EmployeeTerminated PayRunInitialised PayRunFinalised PayRunDeleted LeaveRequestCreated LeaveRequestUpdated LeaveRequestApproved LeaveRequestDeclined LeaveRequestCancelled BankAccountUpdated BankAccountDeleted EmployeeRecurringDeductionUpdated EmployeeRecurringDeductionDeleted Employee.Add Employee.Update Employee.Terminate Employee.Rehire PayRate.Update PayRun.Complete TimeOffRequest.Approve payroll.completed invoice.paid payslip.published payment_intent.succeeded customer.subscription.updated ping push pull_request orders/create customers/create app_mention url_verification meeting.started endpoint.url_validation' -d 'EVENT'

# hooks completion
complete -c hooks -n '__hooks_at \'completion\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'completion\'' -s h -l help -d 'Show this help message and exit.'
complete -c hooks -n '__hooks_at \'completion\'' -f -a 'bash zsh fish' -d 'SHELL'

# hooks shell
complete -c hooks -n '__hooks_at \'shell\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'shell\'' -s h -l help -d 'Show this help message and exit.'
