#!/bin/sh
# hooks launcher: runs {{distributionJavaMainJar}} on the java of JAVA_HOME or PATH (17 or later). The archive ships
# it as bin/hooks beside lib/; `mvn package` writes the same script as target/hooks beside target/lib/.
#
# Start-up is most of a short command's time, so commands other than listen, shell and long sends (below) run
# with the C1 compiler only and the serial collector. Every command runs with the JDK's start-up cache when there is
# one: on Java 25 and later an AOT cache (-XX:AOTCache: classes loaded and linked, method profiles), on Java 17-24
# a static class-data-sharing archive (-XX:SharedArchiveFile; a dynamic one refuses picocli's pre-Java-6 classes
# and every class that implements one of its interfaces). Both are recorded from the training run of the commands
# people use (dev.hooks.Training), never from whichever command came first, in two parts with a cache each: short
# commands (sign, verify, encrypt, decrypt, keygen, providers, a send) and long-running ones (a listen with a
# history that receives deliveries from send and send --count, then stops). An AOT cache loads and links all its
# classes as the JVM starts: one holding the server's classes made a sign slower than no cache at all.
# The caches live under $XDG_CACHE_HOME/hooks/cds, one per kind, installation and JDK version, each valid for the
# checksum of the jar and its lib/ directory's listing it was made from. A command that finds none valid (a new
# jar or JDK) runs without it and starts the training in the background, detached, with no output: the user's
# command never waits for it. A cache is used only while it is the file the training wrote (its size and time,
# kept beside it in NAME.ok): a damaged or half-written one is made again the same way. HOOKS_CDS=off runs
# without any of this.
# listen runs with the full JIT and the serial collector on a small heap that may grow, without a limit: about
# 195 MB of RSS at 20k deliveries a second, against about 390 MB with the JVM's defaults, while a large --max-body
# still has the memory it needs. A young generation of 48 MB collects about ten times a second at that rate; half
# of it collected three times as often, for the same pause each time (about 1.4 ms), and 4% of the time in pauses
# instead of 1.5%. bench/listen runs listen with these flags.
# JAVA_OPTS comes after these flags, so it can override any of them.
listen_flags="-XX:+UseSerialGC -Xms64m -Xmn48m"
short_flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"

app_path=$0
while
    APP_HOME=${app_path%"${app_path##*/}"}
    [ -h "$app_path" ]
do
    ls=$(ls -ld "$app_path")
    link=${ls#*' -> '}
    case $link in
      /*) app_path=$link ;;
      *)  app_path=$APP_HOME$link ;;
    esac
done
APP_HOME=$(cd "${APP_HOME:-./}" && pwd -P) || exit 4
# bin/hooks finds its jars in ../lib, target/hooks in ./lib.
[ -f "$APP_HOME/lib/{{distributionJavaMainJar}}" ] || APP_HOME=${APP_HOME%/*}
JAR="$APP_HOME/lib/{{distributionJavaMainJar}}"

if [ -n "$JAVA_HOME" ]; then
    JAVACMD=$JAVA_HOME/bin/java
    if [ ! -x "$JAVACMD" ]; then
        echo "hooks: JAVA_HOME is set to $JAVA_HOME, which has no bin/java: point it at a JDK 17 or later" >&2
        exit 2
    fi
else
    JAVACMD=$(command -v java) || {
        echo "hooks: no java found: install a JDK 17 or later, or set JAVA_HOME" >&2
        exit 2
    }
fi

# Short command or long-running one? The first word that is not an option names the command.
long=false
cmd=
for a in "$@"; do
    case $a in
      -*) ;;
      *) cmd=$a; break ;;
    esac
done
# A send that runs for a while (--count, --concurrency, --duration) uses the long-running commands' cache. Up to
# 100,000 deliveries it still runs on C1 alone: C2 spends seconds of CPU compiling the send path and saves a few
# microseconds per delivery, so a run of that size ends before C2 would have paid for itself (20,000 deliveries took
# 40% less CPU in all on C1). A longer run, --duration or more deliveries, gets the full JIT.
brief=true
case $cmd in
  listen|shell) long=true; brief=false ;;
  send)
    prev=
    for a in "$@"; do
        case $prev in --count|-n) count=$a ;; esac
        case $a in
          --count=*) count=${a#--count=}; long=true ;;
          --count|-n|--concurrency|--concurrency=*|-c) long=true ;;
          --duration|--duration=*) long=true; brief=false ;;
        esac
        prev=$a
    done
    case ${count:-1} in
      *[!0-9]*) ;;
      *) [ "${#count}" -gt 9 ] || [ "${count:-1}" -gt 100000 ] && brief=false ;;
    esac
    ;;
esac

# shellcheck disable=SC2086
set -- $JAVA_OPTS -jar "$JAR" "$@"
if [ "$cmd" = listen ]; then
    # shellcheck disable=SC2086
    set -- $listen_flags "$@"
fi
if [ "$brief" = true ]; then
    # shellcheck disable=SC2086
    set -- $short_flags "$@"
fi

if [ "${HOOKS_CDS:-on}" != off ]; then
    # The JDK's version from its release file: reading it costs nothing, running java -version costs a JVM.
    java_bin=$JAVACMD
    while [ -h "$java_bin" ]; do
        ls=$(ls -ld "$java_bin")
        link=${ls#*' -> '}
        case $link in
          /*) java_bin=$link ;;
          *)  java_bin=${java_bin%/*}/$link ;;
        esac
    done
    java_home=${java_bin%/bin/java}
    version=
    if [ -r "$java_home/release" ]; then
        while IFS= read -r line; do
            case $line in JAVA_VERSION=*) version=${line#JAVA_VERSION=}; version=${version#\"}; version=${version%\"} ;; esac
        done < "$java_home/release"
    fi
    feature=${version%%[.+-]*}
    case $feature in
      ''|*[!0-9]*) feature=0 ;;
    esac
    cache=${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/hooks/cds
    if [ "$feature" -ge 17 ] && mkdir -p "$cache" 2>/dev/null && [ -w "$cache" ]; then
        # One cache per installation and JDK, rewritten when it is stale: a rebuilt jar replaces it rather than
        # leaving tens of megabytes behind. It is valid for the jar (its checksum) and lib/ (names, sizes, times)
        # it was made from, which NAME.ok records with what the training wrote.
        where=$(echo "$APP_HOME $java_home" | cksum)
        where=${where%% *}
        key=$( { cksum < "$JAR"; ls -lnL "$APP_HOME/lib"; } 2>/dev/null | cksum)
        key=${key%% *}
        kind=short
        kind_flags=$short_flags
        if [ "$long" = true ]; then
            kind=long
            kind_flags="-XX:+UseSerialGC"
        fi
        if [ "$feature" -ge 25 ]; then
            archive="$cache/hooks-$kind-$version-$where.aot"
            use="-XX:AOTCache=$archive"
            quiet="-Xlog:disable -Xlog:all=warning,cds*=off,aot*=off:stderr"
        else
            archive="$cache/hooks-$kind-$version-$where.jsa"
            use="-XX:SharedArchiveFile=$archive"
            quiet="-Xlog:disable -Xlog:all=warning,cds*=off:stderr"
        fi
        # What the training wrote: size and modification time (to the nanosecond where ls can say it).
        stamp() { ls -lnL --full-time "$1" 2>/dev/null || ls -lnL "$1" 2>/dev/null; }
        made=
        [ -f "$archive.ok" ] && IFS= read -r made < "$archive.ok"
        if [ -n "$made" ] && [ "$made" = "$key $(stamp "$archive")" ]; then
            # shellcheck disable=SC2086
            set -- $quiet "$use" "$@"
        elif mkdir "$archive.lock" 2>/dev/null || {
                # A training that died (killed, machine rebooted) leaves its lock: take over one older than 10 minutes.
                [ -n "$(find "$archive.lock" -maxdepth 0 -mmin +10 2>/dev/null)" ] \
                    && rm -rf "$archive.lock" && mkdir "$archive.lock" 2>/dev/null
            }; then
            work="$archive.lock"
            (
                trap '' HUP INT QUIT
                rm -f "$archive" "$archive.ok"
                if [ "$feature" -ge 25 ]; then
                    # shellcheck disable=SC2086
                    "$JAVACMD" $kind_flags -XX:AOTCacheOutput="$work/cache.aot" -cp "$JAR" dev.hooks.Training "$kind" "$work/run" \
                        && [ -s "$work/cache.aot" ] && mv -f "$work/cache.aot" "$archive"
                else
                    # JDK 24 and later link the classes the list names at constant-pool entries (@cp) while dumping,
                    # and a linked pre-Java-6 class is left out: drop picocli's entries. The numbers after "id:" matter
                    # only for custom class loaders' classes.
                    # shellcheck disable=SC2086
                    "$JAVACMD" $kind_flags -XX:DumpLoadedClassList="$work/classes" -cp "$JAR" dev.hooks.Training "$kind" "$work/run" \
                        && sed 's/ id: [0-9]*$//' "$work/classes" | grep -v '^@cp picocli/' > "$work/classes.cds" \
                        && "$JAVACMD" $kind_flags -Xshare:dump -XX:SharedClassListFile="$work/classes.cds" \
                            -XX:SharedArchiveFile="$work/cache.jsa" -cp "$JAR" \
                        && [ -s "$work/cache.jsa" ] && mv -f "$work/cache.jsa" "$archive"
                fi
                [ -f "$archive" ] && echo "$key $(stamp "$archive")" > "$work/ok" && mv -f "$work/ok" "$archive.ok"
                rm -rf "$work"
            ) </dev/null >/dev/null 2>&1 &
        fi
    fi
fi

exec "$JAVACMD" "$@"
