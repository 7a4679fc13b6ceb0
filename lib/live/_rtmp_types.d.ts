// Types for the parts of node-media-server (plain JavaScript) that lib/live/_rtmp.ts uses.
declare const value: any;
export default value;
