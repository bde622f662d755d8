package im.parley.account;

/** The SCRAM variants (RFC 5802, RFC 7677) for which Parley keeps keys. */
public enum ScramMechanism {
    SCRAM_SHA_1("SCRAM-SHA-1", "HmacSHA1", "SHA-1", "PBKDF2WithHmacSHA1", 160),
    SCRAM_SHA_256("SCRAM-SHA-256", "HmacSHA256", "SHA-256", "PBKDF2WithHmacSHA256", 256);

    private final String saslName;
    private final String hmacAlgorithm;
    private final String digestAlgorithm;
    private final String pbkdf2Algorithm;
    private final int keyBits;

    ScramMechanism(String saslName, String hmacAlgorithm, String digestAlgorithm, String pbkdf2Algorithm, int keyBits) {
        this.saslName = saslName;
        this.hmacAlgorithm = hmacAlgorithm;
        this.digestAlgorithm = digestAlgorithm;
        this.pbkdf2Algorithm = pbkdf2Algorithm;
        this.keyBits = keyBits;
    }

    public String saslName() {
        return saslName;
    }

    public String hmacAlgorithm() {
        return hmacAlgorithm;
    }

    public String digestAlgorithm() {
        return digestAlgorithm;
    }

    public String pbkdf2Algorithm() {
        return pbkdf2Algorithm;
    }

    public int keyBits() {
        return keyBits;
    }
}
