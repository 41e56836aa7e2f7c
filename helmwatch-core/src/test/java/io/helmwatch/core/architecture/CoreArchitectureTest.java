package io.helmwatch.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The core's dependency promises, checked on its bytecode. */
class CoreArchitectureTest {
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.helmwatch.core");
  }

  @Test
  void coreUsesOnlyTheJdkSlf4jAndJspecify() {
    // javax.crypto is java.base's too: the webhook signs bodies with its HMAC.
    classes().should().onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "javax.crypto..", "io.helmwatch.core..", "org.slf4j..", "org.jspecify..")
        .check(core);
  }

  @Test
  void derivationDoesNotReachIntoSinks() {
    noClasses().that().resideInAPackage("io.helmwatch.core.flux..")
        .should().dependOnClassesThat().resideInAPackage("io.helmwatch.core.sink..")
        .check(core);
  }

  /** The API package is the root of the others: a reader starts there and needs nothing else to follow it. */
  @Test
  void theApiPackageDependsOnNoOtherPublicPackage() {
    noClasses().that().resideInAPackage("io.helmwatch.core")
        .should().dependOnClassesThat().resideInAnyPackage("io.helmwatch.core.flux..", "io.helmwatch.core.sink..")
        .check(core);
  }

  /** The engines serve the API; they are never reached from the sinks or the derivation except shared JSON. */
  @Test
  void onlyTheApiPackageReachesTheEngine() {
    noClasses().that().resideOutsideOfPackages("io.helmwatch.core", "io.helmwatch.core.internal..")
        .should().dependOnClassesThat().resideInAnyPackage("io.helmwatch.core.internal.engine..",
            "io.helmwatch.core.internal.lane..")
        .check(core);
  }

  @Test
  void noPublicSignatureNamesAnInternalType() {
    methods().that().arePublic()
        .and().areDeclaredInClassesThat().arePublic()
        .and().areDeclaredInClassesThat().resideOutsideOfPackage("io.helmwatch.core.internal..")
        .should(nameNoInternalType())
        .check(core);
  }

  /** Internal packages are not exported: a public method that names one of their types is unusable. */
  private static ArchCondition<JavaMethod> nameNoInternalType() {
    return new ArchCondition<>("name no type of an internal package") {
      @Override
      public void check(JavaMethod method, ConditionEvents events) {
        List<JavaClass> named = new ArrayList<>(method.getRawParameterTypes());
        named.add(method.getRawReturnType());
        for (JavaClass type : named) {
          if (type.getPackageName().startsWith("io.helmwatch.core.internal")) {
            events.add(SimpleConditionEvent.violated(method, method.getFullName() + " names " + type.getName()));
          }
        }
      }
    };
  }
}
