# PostgreSQL 15 from Debian, on the project's base image. The topology's container back end runs
# the server itself (initdb, streaming standby, promotion), so the image only provides binaries.
FROM lms-harness/base:bookworm-jre17
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-15 \
 && rm -rf /var/lib/apt/lists/*
ENV PATH=/usr/lib/postgresql/15/bin:$PATH
USER postgres
WORKDIR /var/lib/postgresql
