#!/bin/sh
# hooks launcher: runs lib/{{distributionJavaMainJar}} on the java of JAVA_HOME or PATH (17 or later).
#
# Start-up is most of a short command's time, so commands other than listen, shell and send --count run with
# the C1 compiler only and the serial collector, and with class-data sharing: the JDK's, picocli's and hooks'
# classes are mapped from an archive under $XDG_CACHE_HOME/hooks/cds instead of being loaded and verified again.
# The archive is a static one: the first short command records the classes it loads (-XX:DumpLoadedClassList)
# and then dumps them (-Xshare:dump), which takes a second once. A dynamic archive (-XX:ArchiveClassesAtExit,
# -XX:+AutoCreateSharedArchive) would be one step, but it refuses picocli's pre-Java-6 class files and every
# class that implements one of its interfaces. The archive is keyed by the jar and the JDK; anything unusual (no
# cache dir, no release file, a failed dump, HOOKS_CDS=off) runs without it, silently.
# listen runs with the full JIT and the serial collector on a small heap that may grow, without a limit: about
# 195 MB of RSS at 20k deliveries a second, against about 390 MB with the JVM's defaults, while a large --max-body
# still has the memory it needs. A young generation of 48 MB collects about ten times a second at that rate; half
# of it collected three times as often, for the same pause each time (about 1.4 ms), and 4% of the time in pauses
# instead of 1.5%. bench/listen runs listen with these flags.
# JAVA_OPTS comes after these flags, so it can override any of them.
listen_flags="-XX:+UseSerialGC -Xms64m -Xmn48m"

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
APP_HOME=$(cd "${APP_HOME:-./}.." && pwd -P) || exit 4
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
case $cmd in
  listen|shell) long=true ;;
  send) for a in "$@"; do case $a in --count|--count=*|--concurrency|--concurrency=*) long=true ;; esac; done ;;
esac

# shellcheck disable=SC2086
set -- $JAVA_OPTS -jar "$JAR" "$@"
if [ "$cmd" = listen ]; then
    # shellcheck disable=SC2086
    set -- $listen_flags "$@"
fi
if [ "$long" = false ]; then
    set -- -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "$@"
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
        release=
        [ -r "$java_home/release" ] && release=$(grep '^JAVA_VERSION=' "$java_home/release" 2>/dev/null)
        version=${release#JAVA_VERSION=\"}
        version=${version%\"}
        feature=${version%%[.+-]*}
        cache=${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/hooks/cds
        case $feature in
          ''|*[!0-9]*) feature= ;;
        esac
        if [ -n "$feature" ] && [ "$feature" -ge 17 ] && mkdir -p "$cache" 2>/dev/null && [ -w "$cache" ]; then
            key=$( { ls -lnL "$JAR"; echo "$java_home $version"; } 2>/dev/null | cksum | cut -d' ' -f1)
            archive="$cache/hooks-$version-$key.jsa"
            quiet="-Xlog:disable -Xlog:all=warning,cds*=off:stderr"
            if [ -f "$archive" ]; then
                set -- $quiet -XX:SharedArchiveFile="$archive" "$@"
            else
                # First short run on this JDK and jar: run the command as usual while listing the classes it loads,
                # then dump them under a private name and move the archive into place, so concurrent first runs
                # never map a half-written file. JDK 24 and later link classes for the constant-pool entries the
                # list names (@cp) while dumping, and a linked pre-Java-6 class is left out: drop picocli's entries.
                list="$archive.$$.classlist"
                tmp="$archive.$$.tmp"
                # shellcheck disable=SC2086
                "$JAVACMD" $quiet -XX:DumpLoadedClassList="$list" "$@"
                code=$?
                # A plain sign never loads picocli; --version lists its core for every other command. The two lists
                # number their classes independently: drop the numbers (only classes of custom loaders need them).
                "$JAVACMD" $quiet -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:DumpLoadedClassList="$list.version" \
                    -jar "$JAR" --version </dev/null >/dev/null 2>&1
                if [ -s "$list" ] && cat "$list" "$list.version" 2>/dev/null | sed 's/ id: [0-9]*$//' | awk '!seen[$0]++' \
                        | grep -v '^@cp picocli/' > "$list.cds" 2>/dev/null; then
                    "$JAVACMD" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:dump -XX:SharedClassListFile="$list.cds" \
                        -XX:SharedArchiveFile="$tmp" -cp "$JAR" </dev/null >/dev/null 2>&1 \
                        && [ -s "$tmp" ] && mv -f "$tmp" "$archive" 2>/dev/null
                fi
                rm -f "$tmp" "$list" "$list.version" "$list.cds" 2>/dev/null
                exit $code
            fi
        fi
    fi
fi

exec "$JAVACMD" "$@"
