# The replicas' image: the base with the very JVM that runs the harness copied in (images/build.sh
# copies it into the build context as jvm/). Local replicas run that JVM too, so both back ends run
# one JVM build: two patch releases of OpenJDK 17 measured 10 % apart in CPU per journey here.
FROM lms-harness/base:bookworm-jre17
COPY jvm /opt/jvm
ENV PATH=/opt/jvm/bin:$PATH
