import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * A build step (pom.xml, process-classes): writes a library's classes into the build's classes folder
 * with their class-file version raised from Java 5's (49) to Java 8's (52) and stack map frames
 * computed; nothing else changes. picocli 4.7.7 ships Java 5 class files, which class-data sharing (the
 * CDS archive, the AOT cache) does not archive and which the JVM checks with its old, slower verifier
 * on every start: rewritten, a command starts 50 to 70 ms sooner (BENCHMARKS.md, "CLI start-up").
 *
 * <p>Run with the JDK's source launcher: {@code java -cp ASM_JAR:LIBRARY_JAR UpgradeClassFiles.java
 * LIBRARY_JAR CLASSES_DIR} (the library is on the class path too: computing frames loads its classes).
 */
public final class UpgradeClassFiles {
    private UpgradeClassFiles() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[1]);
        int count = 0;
        try (JarFile jar = new JarFile(args[0])) {
            for (JarEntry entry : jar.stream().toList()) {
                String name = entry.getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.endsWith("module-info.class")) {
                    continue;
                }
                byte[] bytes;
                try (InputStream in = jar.getInputStream(entry)) {
                    bytes = upgrade(in.readAllBytes());
                }
                Path target = out.resolve(name);
                Files.createDirectories(target.getParent());
                Files.write(target, bytes);
                count++;
            }
        }
        System.out.println("UpgradeClassFiles: " + count + " classes of " + Path.of(args[0]).getFileName()
                + " as Java 8 class files in " + out);
    }

    private static byte[] upgrade(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        if (reader.readUnsignedShort(6) >= Opcodes.V1_8) {
            return classFile;
        }
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        reader.accept(
                new ClassVisitor(Opcodes.ASM9, writer) {
                    @Override
                    public void visit(
                            int version, int access, String name, String signature, String superName, String[] ifaces) {
                        super.visit(Opcodes.V1_8, access, name, signature, superName, ifaces);
                    }
                },
                ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
