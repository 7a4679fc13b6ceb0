/**
 * The event the Player island's box dispatches (bubbling) when the video
 * ends; the watch page's NextUp island listens for it to play the next video.
 */
export const PLAYER_ENDED_EVENT = "vf-player-ended";
