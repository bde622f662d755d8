package im.parley.event;

import java.io.Serializable;
import java.util.Set;

/**
 * Something a service publishes on the event topic, for every node to hand to the
 * sessions connected to it. {@link #recipients()} are bare addresses of principals.
 */
public interface ParleyEvent extends Serializable {

    Set<String> recipients();
}
