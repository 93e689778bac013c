"""A typical TF 1 training script with two checkpoint bugs flake8-tfsaver finds."""
import tensorflow.compat.v1 as tf

tf.disable_eager_execution()


class Model:
    def __init__(self):
        self.x = tf.placeholder(tf.float32, [None, 4])
        self.y = tf.placeholder(tf.float32, [None, 1])
        self.pred = tf.layers.dense(self.x, 1)
        self.loss = tf.reduce_mean(tf.square(self.pred - self.y))
        self.saver = tf.train.Saver()  # TFS001: Adam's slots are created later, in train()

    def train(self, sess, batches):
        train_op = tf.train.AdamOptimizer(1e-3).minimize(self.loss)
        sess.run(tf.global_variables_initializer())
        for x, y in batches:
            sess.run(train_op, {self.x: x, self.y: y})
        self.saver.save(sess, "./model.ckpt")


eval_graph = tf.Graph()
with eval_graph.as_default():
    model = Model()

with tf.Session() as sess:  # TFS002 below: this session runs the default graph, not eval_graph
    model.saver.restore(sess, "./model.ckpt")
