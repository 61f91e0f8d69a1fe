# fish completion for hooks, generated from the command model: do not edit.
# Regenerate with: mvn -B -q -DskipTests package   (or: hooks completion fish)
# Install: hooks completion fish > ~/.config/fish/completions/hooks.fish

# The command path being completed ("", "providers", "providers show", ...).
function __hooks_path
    set -l known 'sign' 'verify' 'encrypt' 'decrypt' 'keygen' 'providers' 'providers show' 'samples' 'samples show' 'completion' 'shell'
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
complete -c hooks -n '__hooks_at \'\'' -f -a 'sign' -d 'Sign a payload as the provider would and print the headers it sends with it.'
complete -c hooks -n '__hooks_at \'\'' -f -a 'verify' -d 'Verify a payload\'s signature as a receiver would, over the exact bytes.'
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
complete -c hooks -n '__hooks_at \'samples show\'' -f -a 'employee.created employee.updated employee.terminated payroll.period.created payroll.created payroll.approved payroll.closed identity.documents_required identity.approved identity.denied identity.disabled identity.kyc_refresh.started identity.kyc_refresh.completed identity.kyc_refresh.expired orchestration.processing orchestration.completed orchestration.failed transfer.crypto_deposit.pending transfer.crypto_deposit.completed transfer.crypto_deposit.failed transfer.crypto_withdrawal.pending transfer.crypto_withdrawal.completed transfer.crypto_withdrawal.failed user-payroll-submitted user-hmrc-data-submitted user-bank-statement-submitted EmployeeCreated EmployeeUpdated EmployeeTerminated PayRunInitialised PayRunFinalised PayRunDeleted LeaveRequestCreated LeaveRequestUpdated LeaveRequestApproved LeaveRequestDeclined LeaveRequestCancelled BankAccountUpdated BankAccountDeleted EmployeeRecurringDeductionUpdated EmployeeRecurringDeductionDeleted Employee.Add Employee.Update Employee.Terminate Employee.Rehire PayRate.Update PayRun.Complete TimeOffRequest.Approve payroll.completed invoice.paid payslip.published payment_intent.succeeded customer.subscription.updated ping push pull_request orders/create customers/create app_mention url_verification meeting.started endpoint.url_validation' -d 'EVENT'

# hooks completion
complete -c hooks -n '__hooks_at \'completion\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'completion\'' -s h -l help -d 'Show this help message and exit.'
complete -c hooks -n '__hooks_at \'completion\'' -f -a 'bash zsh fish' -d 'SHELL'

# hooks shell
complete -c hooks -n '__hooks_at \'shell\'' -l stacktrace -d 'On an internal error, print the stack trace.'
complete -c hooks -n '__hooks_at \'shell\'' -s h -l help -d 'Show this help message and exit.'
