import torch
import torch.nn as nn


class SmallCNN(nn.Module):
    """CIFAR-10 images (3×32×32): two conv blocks, then a classifier head."""

    def __init__(self, classes=10):
        super().__init__()
        self.block1 = nn.Sequential(nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.block2 = nn.Sequential(nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        # The bug: after two poolings the maps are 8×8, not 7×7.
        self.head = nn.Linear(64 * 7 * 7, classes)

    def forward(self, images):
        h = self.block2(self.block1(images))
        h = h.flatten(1)
        return self.head(h)


model = SmallCNN()
batch = torch.randn(16, 3, 32, 32)
logits = model(batch)
