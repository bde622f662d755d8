package im.parley.testsupport;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;

/**
 * The application as the tests deploy it: Parley's real EJB module, exactly as built,
 * its libraries, and a web module with the test classes.
 */
public final class ParleyDeployment {

    private ParleyDeployment() {
    }

    public static EnterpriseArchive with(Class<?>... testClasses) {
        File ejbJar = new File(System.getProperty("parley.ejb.jar"));
        File libs = new File(System.getProperty("parley.test.libs"));
        WebArchive tests = ShrinkWrap.create(WebArchive.class, "parley-tests.war")
                .addClasses(testClasses)
                .addPackage(ParleyDeployment.class.getPackage())
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
        return ShrinkWrap.create(EnterpriseArchive.class, "parley-test.ear")
                .addAsModule(ShrinkWrap.createFromZipFile(JavaArchive.class, ejbJar))
                .addAsLibraries(libs.listFiles((dir, name) -> name.endsWith(".jar")))
                .addAsModule(tests);
    }
}
