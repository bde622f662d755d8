package im.parley.testsupport;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

import java.io.File;

/** The application exactly as the build packs it (ear/target/parley.ear), for tests from outside. */
public final class ParleyApplication {

    private ParleyApplication() {
    }

    public static EnterpriseArchive asBuilt() {
        return ShrinkWrap.create(ZipImporter.class, "parley-under-test.ear")
                .importFrom(new File(System.getProperty("parley.ear")))
                .as(EnterpriseArchive.class);
    }
}
