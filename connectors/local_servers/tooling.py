"""Finding Java and Maven, and fetching server artifacts with Maven into the cache."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)
DEPLOY_LOCAL = Path(__file__).resolve().parents[2] / "deploy" / "local"
MIN_JAVA = 17
# Where package managers and vendors (Temurin, Zulu, Corretto tarballs) put JDKs.
JVM_ROOTS = (Path("/usr/lib/jvm"), Path("/opt/java"), Path("/opt"), Path("/usr/local"))


class ServiceError(RuntimeError):
    """A local server could not be fetched, started or stopped; the message says what to do."""


def find_java(
    java_home: str | None, minimum: int = MIN_JAVA, needed_by: str = "Kafka and Elasticsearch"
) -> Path:
    """The java executable: settings, then $JAVA_HOME, then PATH; else an installed JDK new enough.

    A configured Java older than ``minimum`` (a 17 where Elasticsearch 9 needs 21) is passed over
    for an installed JDK that is new enough, so one setting serves every server.
    """
    home = java_home or os.environ.get("JAVA_HOME")
    which = shutil.which("java")
    configured = Path(home) / "bin" / "java" if home else Path(which) if which else None
    if configured and java_major(configured) >= minimum:
        return configured
    newer = next((java for java in installed_jdks() if _release(java) >= minimum), None)
    if newer:
        log.info("%s needs Java %d+: using %s instead of %s", needed_by, minimum, newer, configured)
        return newer
    found = f"{configured} is Java {java_major(configured)}" if configured else "no java was found"
    install = ("apt-get install openjdk-17-jdk-headless" if minimum <= 17 else
               f"openjdk-{minimum}-jdk-headless on Debian 13 / Ubuntu 24.04, or Eclipse Temurin "
               f"{minimum} or newer from Adoptium's apt repository on Debian 12")
    raise ServiceError(
        f"{needed_by} needs Java {minimum} or newer: {found}, and no JDK {minimum}+ is installed "
        f"under {', '.join(map(str, JVM_ROOTS))}. Install one ({install}) "
        "and set services.java_home (or JAVA_HOME) to it."
    )


def java_major(java: Path) -> int:
    """The feature release of a java executable (17, 21, 25...); 0 when it does not run."""
    try:
        banner = subprocess.run([str(java), "-version"], capture_output=True, text=True,
                                check=False, timeout=30).stderr
    except OSError:
        return 0
    match = re.search(r'version "(\d+)', banner)
    return int(match.group(1)) if match else 0


def installed_jdks() -> list[Path]:
    """java executables of the JDKs installed in the usual places, oldest release first."""
    found = {java.resolve() for root in JVM_ROOTS if root.is_dir()
             for java in root.glob("*/bin/java") if java.is_file()}
    return sorted(found, key=lambda java: (_release(java), str(java)))


def _release(java: Path) -> int:
    """The JDK's feature release from its `release` file (cheap), else by running it."""
    release = java.parent.parent / "release"
    text = release.read_text(errors="replace") if release.is_file() else ""
    match = re.search(r'JAVA_VERSION="(\d+)', text)
    return int(match.group(1)) if match else java_major(java)


def find_maven() -> str:
    """The mvn executable, which fetches the server jars from Maven Central."""
    mvn = shutil.which("mvn")
    if not mvn:
        raise ServiceError(
            "Maven is needed once to fetch Kafka and Elasticsearch from Maven Central and was "
            "not found. Install it (Debian/Ubuntu: apt-get install maven)."
        )
    return mvn


def maven_fetch(pom: str, goal: str, output: Path, properties: dict[str, str]) -> None:
    """Run one maven-dependency-plugin goal on a POM under deploy/local into ``output``."""
    command = [
        find_maven(), "-B", "-q", "-f", str(DEPLOY_LOCAL / pom),
        f"dependency:{goal}", f"-DoutputDirectory={output}",
    ]
    command += [f"-D{key}={value}" for key, value in properties.items()]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise ServiceError(f"Maven could not fetch {pom} from Maven Central:\n{tail}")


def cached(marker: Path, fetch: callable) -> None:
    """Fetch once: run ``fetch`` unless ``marker`` says an earlier fetch completed."""
    if marker.exists():
        return
    fetch()
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text("complete\n")
