# The Toxiproxy-compatible fault proxy (the toxiproxy module's jar) on the project's base image: a
# stand-in for ghcr.io/shopify/toxiproxy, which cannot be pulled here. Same API port, same default
# command (-host=0.0.0.0), so Testcontainers' ToxiproxyContainer drives it unchanged.
FROM lms-harness/base:bookworm-jre17
COPY toxiproxy-server.jar /opt/toxiproxy/toxiproxy-server.jar
EXPOSE 8474
# A small heap and the serial collector: a fault proxy per link must stay cheap beside the replicas.
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xmx128m", "-jar", "/opt/toxiproxy/toxiproxy-server.jar"]
CMD ["-host=0.0.0.0"]
