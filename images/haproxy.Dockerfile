# HAProxy 2.6 from Debian, on the project's base image; the topology writes its configuration.
FROM lms-harness/base:bookworm-jre17
RUN apt-get update \
 && apt-get install -y --no-install-recommends haproxy \
 && rm -rf /var/lib/apt/lists/*
ENTRYPOINT ["haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]
