package io.switchboard.bench.spring;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.simp.annotation.SendToUser;
import org.springframework.messaging.simp.annotation.support.SimpAnnotationMethodMessageHandler;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Controller;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * Spring Boot STOMP peer: plain WebSocket at /ws (no SockJS), the simple broker on /topic and
 * /queue, application destinations under /app. The token is checked before the upgrade
 * ({@link TokenHandshakeInterceptor}); SEND /app/publish/{channel} is forwarded to /topic/{channel},
 * SEND /app/echo is answered on /user/queue/echo (the sender's session only), and SUBSCRIBE / SEND
 * frames that ask for a receipt get one once handled (the simple broker only acknowledges DISCONNECT).
 */
@SpringBootApplication
@EnableWebSocketMessageBroker
@Controller
public class SpringPeer implements WebSocketMessageBrokerConfigurer {

    private static final byte[] EMPTY = new byte[0];

    private final MessageChannel clientOutboundChannel;

    public SpringPeer(@Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutboundChannel) {
        this.clientOutboundChannel = clientOutboundChannel;
    }

    public static void main(String[] args) {
        SpringApplication.run(SpringPeer.class, args);
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        registry.addEndpoint("/ws").addInterceptors(new TokenHandshakeInterceptor(System.getenv("BENCH_SECRET")));
        // A publisher's SENDs must reach the broker in the order they were sent (otherwise the
        // inbound thread pool reorders them).
        registry.setPreserveReceiveOrder(true);
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        registry.enableSimpleBroker("/topic", "/queue");
        registry.setApplicationDestinationPrefixes("/app");
        // Same for the MESSAGE frames to one subscriber (otherwise the outbound thread pool reorders them).
        registry.setPreservePublishOrder(true);
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.interceptors(new ExecutorChannelInterceptor() {
            @Override
            public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler, Exception ex) {
                StompHeaderAccessor in = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
                String receipt = in == null ? null : in.getReceipt();
                if (receipt == null || ex != null
                        || !(in.getCommand() == StompCommand.SUBSCRIBE && handler instanceof SimpleBrokerMessageHandler
                        || in.getCommand() == StompCommand.SEND && handler instanceof SimpAnnotationMethodMessageHandler)) {
                    return;
                }
                StompHeaderAccessor out = StompHeaderAccessor.create(StompCommand.RECEIPT);
                out.setReceiptId(receipt);
                out.setSessionId(in.getSessionId());
                clientOutboundChannel.send(MessageBuilder.createMessage(EMPTY, out.getMessageHeaders()));
            }
        });
    }

    @MessageMapping("/publish/{channel}")
    @SendTo("/topic/{channel}")
    public byte[] publish(@Payload byte[] data) {
        return data;
    }

    @MessageMapping("/echo")
    @SendToUser(destinations = "/queue/echo", broadcast = false)
    public byte[] echo(@Payload byte[] body) {
        return body;
    }
}
