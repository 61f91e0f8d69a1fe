#!/bin/sh
# hooks launcher: runs {{distributionJavaMainJar}} on the java of JAVA_HOME or PATH (17 or later). The archive ships
# it as bin/hooks beside lib/; `mvn package` writes the same script as target/hooks beside target/lib/.
#
# Start-up is most of a short command's time, so commands other than listen, shell and long sends (below) run with
# the C1 compiler only (and, on Java 25 and later, the serial collector). Every command runs with the JDK's
# start-up cache when there is one: on Java 25 and later an AOT cache (-XX:AOTCache: classes loaded and linked,
# method profiles), on Java 17-24 a static class-data-sharing archive (-XX:SharedArchiveFile; a dynamic one refuses
# picocli's pre-Java-6 classes and every class that implements one of its interfaces). Short commands on Java 17-24
# keep the JVM's default collector, G1: only with it does the JVM map an archive's heap objects (the module graph,
# interned strings), which start the JVM about 40 ms sooner than the serial collector without them. Both caches are
# recorded from the training run of the commands people use (dev.hooks.Training), never from whichever command
# came first, in three parts with a cache each: sign, verify and keygen (commands Main runs without picocli), the
# other short commands (encrypt, decrypt, providers, a send) and long-running ones (a listen with a history that
# receives deliveries from send and send --count, then stops). An AOT cache loads and links all its classes as the JVM starts: one holding the server's classes made a
# sign slower than no cache at all.
# The caches live under $XDG_CACHE_HOME/hooks/cds, one per kind, installation and JDK, named after their paths.
# Beside each, NAME.ok holds the stamps of what it was made from: the modification times of every jar in lib/, of
# lib/ itself, of the JDK's modules and of the cache as the training wrote it. A command whose stamps all hold uses
# the cache; one that finds none, or a jar, lib/, the JDK or the cache changed since (a rebuild, an upgrade, a
# damaged or half-written cache), runs without it and starts the training in the background, detached, with no
# output: the user's command never waits for it. (The JVM checks each jar's size and time itself too, and skips a
# cache that does not match them.) HOOKS_CDS=off runs without any of this.
# listen runs with the full JIT and the serial collector on a small heap that may grow, without a limit: about
# 195 MB of RSS at 20k deliveries a second, against about 390 MB with the JVM's defaults, while a large --max-body
# still has the memory it needs. A young generation of 48 MB collects about ten times a second at that rate; half
# of it collected three times as often, for the same pause each time (about 1.4 ms), and 4% of the time in pauses
# instead of 1.5%. bench/listen runs listen with these flags.
# JAVA_OPTS comes after these flags, so it can override any of them.
listen_flags="-XX:+UseSerialGC -Xms64m -Xmn48m"
short_flags="-XX:TieredStopAtLevel=1"

# The hot path forks nothing (a fork and exec of cksum, ls or mkdir costs a short command a few milliseconds of
# its ~100): paths are made absolute with the shell's own PWD, java is looked up on PATH by the shell, a symlink is
# resolved once and remembered, and the cache is checked with test's -nt/-ot against the stamps beside it.
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
APP_HOME=${APP_HOME#./}
case $APP_HOME in
  /*) ;;
  *)  APP_HOME=$PWD/$APP_HOME ;;
esac
APP_HOME=${APP_HOME%/}
# Only a path spelled with ., .. or // takes a subshell to be made plain, so that each installation has one name.
case $APP_HOME/ in
  *//*|*/./*|*/../*) APP_HOME=$(cd "${APP_HOME:-/}" && pwd -P) || exit 4 ;;
esac
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
    JAVACMD=
    set -f
    old_ifs=$IFS
    IFS=:
    for dir in $PATH; do
        if [ -f "${dir:-.}/java" ] && [ -x "${dir:-.}/java" ]; then
            JAVACMD=${dir:-.}/java
            break
        fi
    done
    IFS=$old_ifs
    set +f
    if [ -z "$JAVACMD" ]; then
        echo "hooks: no java found: install a JDK 17 or later, or set JAVA_HOME" >&2
        exit 2
    fi
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

# /a/b/c -> +a+b+c: a file name for a path, made by the shell (not %, which the JVM expands in file names).
mangle() {
    mangled=
    rest=$1
    while :; do
        case $rest in
          */*) mangled=$mangled${rest%%/*}+; rest=${rest#*/} ;;
          *) mangled=$mangled$rest; break ;;
        esac
    done
}
# The JDK's home and version: the release file is read by the shell (running java -version costs a JVM). A java
# reached through symlinks (/usr/bin/java) is resolved with ls once and remembered in the cache directory, for as
# long as it still names the same file.
cache=${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/hooks/cds
java_home=${JAVACMD%/bin/java}
if [ -h "$JAVACMD" ]; then
    java_home=
    mangle "$JAVACMD"
    memo="$cache/java-$mangled"
    [ -f "$memo" ] && IFS= read -r java_home < "$memo"
    if [ -z "$java_home" ] || [ ! "$JAVACMD" -ef "$java_home/bin/java" ]; then
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
        [ -d "$cache" ] && [ -w "$cache" ] && echo "$java_home" > "$memo" 2>/dev/null
    fi
fi
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
# Java 17-24 map a static archive's heap objects (the module graph, interned strings) only with G1, which is what
# they run with; Java 25 maps an AOT cache's with any collector, and the serial one starts fastest.
[ "$feature" -ge 25 ] && short_flags="$short_flags -XX:+UseSerialGC"

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

if [ "${HOOKS_CDS:-on}" != off ] && [ "$feature" -ge 17 ] && { [ -d "$cache" ] || mkdir -p "$cache" 2>/dev/null; } \
        && [ -w "$cache" ]; then
    # One cache per kind, installation and JDK, named after their paths, rewritten when it is stale: a rebuilt jar
    # replaces it rather than leaving tens of megabytes behind.
    mangle "$APP_HOME"
    where=$mangled
    mangle "$java_home"
    where=$where@$mangled
    if [ ${#where} -gt 180 ]; then
        # Too long for a file name: a checksum of it (a fork, for installations this deep only).
        where=$(echo "$APP_HOME $java_home" | cksum)
        where=${where%% *}
    fi
    kind=short
    # A plain sign, verify or keygen runs without picocli (dev.hooks.Main): a cache of their classes alone, several
    # times smaller than the short commands', maps faster on Java 17-24 and loads much faster on 25, where all of an
    # AOT cache's classes are loaded at start. encrypt and decrypt run without picocli too, but set up the JCE: their
    # few hundred classes in this cache would slow every sign on 25, so they use the short commands' cache.
    case $cmd in sign|verify|keygen) kind=direct ;; esac
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
    # A cache is valid while the files it was made from and the cache itself are the ones the training saw: NAME.ok
    # holds an empty file per jar of lib/, one for lib/ itself (a jar added or removed), one for the JDK's modules
    # and one for the cache, each with the modification time of its original. Equal times, tested by the shell:
    # neither newer nor older. (The JVM itself checks each jar's size and time and skips a cache that does not
    # match; these stamps tell the launcher when to make it again.)
    ok="$archive.ok"
    same() { [ -e "$1" ] && [ -e "$2" ] && [ ! "$1" -nt "$2" ] && [ ! "$1" -ot "$2" ]; }
    valid=false
    if same "$archive" "$ok/cache" && same "$APP_HOME/lib" "$ok/lib" && same "$java_home/lib/modules" "$ok/modules"; then
        valid=true
        for jar in "$APP_HOME"/lib/*.jar; do
            same "$jar" "$ok/${jar##*/}" || { valid=false; break; }
        done
    fi
    if [ "$valid" = true ]; then
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
            (
                rm -rf "$archive" "$ok"
                # The stamps of what the training runs on, taken before it runs: a jar replaced meanwhile shows as stale.
                mkdir "$work/ok" && touch -r "$APP_HOME/lib" "$work/ok/lib" && touch -r "$java_home/lib/modules" "$work/ok/modules" \
                    && for jar in "$APP_HOME"/lib/*.jar; do touch -r "$jar" "$work/ok/${jar##*/}" || exit 1; done || exit 1
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
                [ -f "$archive" ] && touch -r "$archive" "$work/ok/cache" && mv -f "$work/ok" "$ok"
            )
            rm -rf "$work"
        ) </dev/null >/dev/null 2>&1 &
    fi
fi

exec "$JAVACMD" "$@"
