package org.lmsharness.reports.run;

import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A JUnit XML report as CI services read it: one suite, a test case per verdict. The one writer the release gate, the chaos
 * runs and the policy replay share (the JDK's StAX escapes what needs it).
 *
 * @param name      the suite's name
 * @param className each case's classname
 * @param seconds how long the suite took; null when not timed
 * @param cases   its cases, in order
 */
public record JunitSuite(String name, String className, Double seconds, List<Case> cases) {

    public enum Outcome { PASSED, FAILED, ERROR, SKIPPED }

    /**
     * @param name    the case's name
     * @param outcome passed, failed (an assertion broke), error (it could not run), skipped (no verdict)
     * @param message why it failed, errored or was skipped; null when it passed
     * @param type    a failure's kind (the gate's "regression"); null for none
     * @param seconds how long it took; null when not timed
     * @param output  its system-out; null for none
     */
    public record Case(String name, Outcome outcome, String message, String type, Double seconds, String output) {

        public static Case passed(String name, String output) {
            return new Case(name, Outcome.PASSED, null, null, null, output);
        }

        public static Case failed(String name, String message) {
            return new Case(name, Outcome.FAILED, message, null, null, null);
        }
    }

    public JunitSuite {
        cases = List.copyOf(cases);
    }

    public String xml() {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", name);
            xml.writeAttribute("tests", Integer.toString(cases.size()));
            xml.writeAttribute("failures", Long.toString(count(Outcome.FAILED)));
            xml.writeAttribute("errors", Long.toString(count(Outcome.ERROR)));
            xml.writeAttribute("skipped", Long.toString(count(Outcome.SKIPPED)));
            if (seconds != null) xml.writeAttribute("time", String.format(Locale.ROOT, "%.3f", seconds));
            for (Case c : cases) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", className);
                xml.writeAttribute("name", c.name());
                if (c.seconds() != null) xml.writeAttribute("time", String.format(Locale.ROOT, "%.3f", c.seconds()));
                switch (c.outcome()) {
                    case FAILED, ERROR -> {
                        xml.writeStartElement(c.outcome() == Outcome.FAILED ? "failure" : "error");
                        xml.writeAttribute("message", c.message());
                        if (c.type() != null) xml.writeAttribute("type", c.type());
                        xml.writeCharacters(c.message());
                        xml.writeEndElement();
                    }
                    case SKIPPED -> {
                        xml.writeEmptyElement("skipped");
                        xml.writeAttribute("message", c.message());
                    }
                    case PASSED -> { }
                }
                if (c.output() != null) {
                    xml.writeStartElement("system-out");
                    xml.writeCharacters(c.output());
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML for " + name, e);
        }
        return text + "\n";
    }

    private long count(Outcome outcome) {
        return cases.stream().filter(c -> c.outcome() == outcome).count();
    }
}
