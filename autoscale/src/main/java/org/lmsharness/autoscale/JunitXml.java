package org.lmsharness.autoscale;

import java.io.StringWriter;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** A JUnit XML report for CI: one test case per verdict, failed with its reason. */
final class JunitXml {

    /** @param failure why it failed; null when it passed */
    record Case(String name, String failure) {}

    private JunitXml() {}

    static String of(String suite, List<Case> cases) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", suite);
            xml.writeAttribute("tests", Integer.toString(cases.size()));
            xml.writeAttribute("failures", Long.toString(cases.stream().filter(c -> c.failure() != null).count()));
            for (Case c : cases) {
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", suite);
                xml.writeAttribute("name", c.name());
                if (c.failure() != null) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("message", c.failure());
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML", e);
        }
        return text + "\n";
    }
}
